import { PageAnnotations } from '../src/page/annotations/page-annotations';
import { provideChunk } from '../src/page/chunks';

/** The annotation layer, loaded by the content script when a page has annotations or gets one (see src/page/chunks.ts). */
export default defineUnlistedScript(() => provideChunk('page-annotations', { PageAnnotations }));
