// Sandboxed preload: exposes the contract to the page as `window.molam` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createOpsBridge } from './bridge.js';

contextBridge.exposeInMainWorld('molam', createOpsBridge(ipcRenderer));
