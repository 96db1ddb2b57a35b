import { render } from 'preact';
import { AnnotationsApp } from '../../src/annotations-page/AnnotationsApp';
import { annotationsApi } from '../../src/annotations-page/client';
import { watchAnnotationsRevision } from '../../src/messaging/annotations-revision';
import { sendRequest } from '../../src/messaging/client';
import '../../src/options/options.css';
import '../../src/annotations-page/annotations.css';

render(<AnnotationsApp api={annotationsApi(sendRequest, watchAnnotationsRevision)} />, document.getElementById('app')!);
