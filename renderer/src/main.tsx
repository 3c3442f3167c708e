import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { wizard } from './wizard/store';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  void wizard.init();
}
