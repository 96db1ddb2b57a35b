import { render } from 'preact';
import { PanelApp, type PanelServices } from '../../src/annotation-panel/PanelApp';
import { decodePanelRequest } from '../../src/annotation-panel/panel-request';
import { sendRequest } from '../../src/messaging/client';
import '../../src/annotation-panel/panel.css';

const services: PanelServices = {
  load: async (pageUrl, id) =>
    (await sendRequest('annotations.forPage', { url: pageUrl })).annotations.find((annotation) => annotation.id === id),
  save: (annotation) => sendRequest('annotations.save', { annotation }),
  remove: async (id) => (await sendRequest('annotations.delete', { id })).removed,
  restore: async (annotation) => {
    await sendRequest('annotations.save', { annotation, keepModified: true });
  },
  tags: async () => (await sendRequest('annotations.tags', {})).map(({ tag }) => tag),
  indexHash: async () => (await sendRequest('index.status', {})).hash,
  // Only size, pin and close go to the page: nothing about the annotation itself.
  post: (event) => window.parent.postMessage(event, '*'),
};

render(<PanelApp request={decodePanelRequest(location.hash)} services={services} />, document.getElementById('app')!);
