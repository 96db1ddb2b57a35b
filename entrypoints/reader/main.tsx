import { render } from 'preact';
import { ReaderApp } from '../../src/reader/ReaderApp';
import { sendRequest } from '../../src/messaging/client';
import { readerTarget } from '../../src/reader/reader-url';
import '../../src/reader/reader.css';

const target = readerTarget(location.search);
render(<ReaderApp target={target} load={(doc) => sendRequest('document.get', { doc })} />, document.getElementById('app')!);
