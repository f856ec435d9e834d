// Keeping a trained model: Export saves it as one safetensors file made in
// the page (weights, settings, seed, steps: src/model_file.rs), and a file
// chosen with the picker or dropped on the lab's panel is read back into
// the lab. The engine refuses another lab's file, a newer format, a
// truncated or damaged file, or tensors that do not fit their settings;
// then the message says why and the current model is kept.
import { t } from '../i18n';
import { h } from './dom';
import { datedName, download } from './save-image';

/** Files larger than this are refused before they are read (the largest model here is a few MB). */
const MAX_FILE = 256 * 1024 * 1024;

export type ModelFileProps = {
  /** The model as file bytes. */
  save: () => Promise<Uint8Array>;
  /** Read a file into the lab; resolves with what to tell the learner. */
  load: (bytes: Uint8Array, name: string) => Promise<string>;
  /** The view the file is named for (`vae`), as it is when the file is saved. */
  view: () => string;
  /** The panel a file may be dropped on. */
  dropTarget: HTMLElement;
  /** Prefix of the controls' test ids (`ae-`). */
  testid: string;
};

export function modelFileControls(props: ModelFileProps): { element: HTMLElement; setReady: (ready: boolean) => void } {
  const exportButton = h('button', { type: 'button', disabled: true, 'data-testid': `${props.testid}export` }, t('app.model.export'));
  const id = `${props.testid}import`;
  const input = h('input', { type: 'file', id, accept: '.safetensors', 'data-testid': id });
  const label = h('label', { for: id, class: 'field' }, t('app.model.import'), input);
  const result = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': `${props.testid}file-result` });
  let ready = false;

  exportButton.addEventListener('click', async () => {
    try {
      const bytes = await props.save();
      const name = datedName(props.view(), 'safetensors');
      download(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }), name);
      result.textContent = t('app.model.exported', { name, kb: (bytes.length / 1024).toFixed(0) });
      result.dataset.bytes = String(bytes.length);
    } catch (err) {
      result.textContent = t('app.error', { message: (err as Error).message });
    }
  });
  const read = async (file: File) => {
    if (!ready) {
      result.textContent = t('app.model.notReady');
      return;
    }
    delete result.dataset.loaded;
    delete result.dataset.refused;
    if (file.size > MAX_FILE) {
      result.textContent = t('app.model.tooLarge', { mb: Math.round(file.size / 1024 / 1024) });
      result.dataset.refused = 'true';
      return;
    }
    try {
      result.textContent = t('app.model.reading', { name: file.name });
      result.textContent = await props.load(new Uint8Array(await file.arrayBuffer()), file.name);
      result.dataset.loaded = 'true';
    } catch (err) {
      result.textContent = t('app.model.refused', { name: file.name, reason: (err as Error).message });
      result.dataset.refused = 'true';
    }
  };
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void read(file).finally(() => (input.value = ''));
  });
  props.dropTarget.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  });
  props.dropTarget.addEventListener('drop', (event) => {
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    void read(file);
  });

  return {
    element: h('div', {}, h('div', { class: 'controls' }, exportButton, label), result),
    setReady: (on) => {
      ready = on;
      exportButton.disabled = !on;
    },
  };
}
