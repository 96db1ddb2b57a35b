import { cardView } from '../src/card/card-view';
import { provideChunk } from '../src/page/chunks';

/** The context card's rendering, loaded by the content script when a card is first near (see src/page/chunks.ts). */
export default defineUnlistedScript(() => provideChunk('card-view', cardView));
