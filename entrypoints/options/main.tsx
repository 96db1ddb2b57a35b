import { render } from 'preact';
import { sendRequest } from '../../src/messaging/client';
import { OptionsApp, type OptionsServices } from '../../src/options/OptionsApp';
import { loadSettings, updateSettings, watchSettings } from '../../src/settings/store';
import '../../src/options/options.css';

const services: OptionsServices = {
  loadSettings,
  updateSettings,
  watchSettings,
  indexStatus: () => sendRequest('index.status', {}),
  corpusDocuments: () => sendRequest('corpus.documents', {}),
};

render(<OptionsApp services={services} />, document.getElementById('app')!);
