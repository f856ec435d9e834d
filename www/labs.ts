// The lab table: one row per lab, and everything the app knows about a lab
// comes from it: the page id (in links, the header and the index), the icon
// on its card, its link parameters, its text in both languages, and the
// function that draws it. Routes (state/routes.ts), the header, the lab index
// and the router (main.ts) are loops over this table, so adding a lab is one
// row here plus the lab's own folder: www/pages/<id>/ with index.ts (the
// page), params.ts (its link parameters) and messages.ts (its text, every key
// starting with `<id>.`, including `<id>.nav`, `<id>.card.title` and
// `<id>.card.body`, which `lab()` insists on).
//
// Import order: this module imports the pages; the pages import i18n, ui/,
// views/ (views several labs draw) and their own folder, never this module, state/routes.ts or state/url.ts (type
// imports aside), so routes.ts can derive from this table without a cycle.
// i18n does not import it either: main.ts hands it the labs' messages.
import type { BackendChooser } from './engine/chooser';
import type { EngineClient } from './engine/client';
import type { LabProbe } from './engine/probe';
import type { BackendPreference, ThreadPreference } from './engine/protocol';
import type { LabMessages } from './i18n/messages';
import type { ParamTable, ParamValue, StateOf } from './state/params';
import { checkPage } from './pages/check';
import * as checkMessages from './pages/check/messages';
import { checkParams } from './pages/check/params';
import { conceptsPage } from './pages/concepts';
import * as conceptsMessages from './pages/concepts/messages';
import { conceptsParams } from './pages/concepts/params';
import { gptPage } from './pages/gpt';
import * as gptMessages from './pages/gpt/messages';
import { gptParams } from './pages/gpt/params';
import { gptProbe } from './pages/gpt/probe';
import { loraPage } from './pages/lora';
import * as loraMessages from './pages/lora/messages';
import { loraParams } from './pages/lora/params';
import { precisionPage } from './pages/precision';
import * as precisionMessages from './pages/precision/messages';
import { precisionParams } from './pages/precision/params';
import { questionsPage } from './pages/questions';
import * as questionsMessages from './pages/questions/messages';
import { questionsParams } from './pages/questions/params';
import { representationsPage } from './pages/representations';
import * as representationsMessages from './pages/representations/messages';
import { representationsParams } from './pages/representations/params';
import { sequencePage } from './pages/sequence';
import * as sequenceMessages from './pages/sequence/messages';
import { sequenceParams } from './pages/sequence/params';
import { sequenceProbe } from './pages/sequence/probe';
import { textPage } from './pages/text';
import * as textMessages from './pages/text/messages';
import { textParams } from './pages/text/params';
import { transformerPage } from './pages/transformer';
import * as transformerMessages from './pages/transformer/messages';
import { transformerParams } from './pages/transformer/params';
import { transformerProbe } from './pages/transformer/probe';
import { visionPage } from './pages/vision';
import * as visionMessages from './pages/vision/messages';
import { visionParams } from './pages/vision/params';
import { visionProbe } from './pages/vision/probe';

/** What the app hands a lab when it draws it; each lab takes what it needs. */
export type LabContext<S> = {
  client: EngineClient;
  /** The lab's state, as the link gave it. */
  state: S;
  /** Merge a change into the link. */
  setState: (patch: Partial<S>) => void;
  /**
   * A link to another page (by id), keeping the language and backend. Typed
   * `string`, not `Page`: `Page` is derived from this table's type, and a
   * row's type cannot depend on itself. A lab that links to others declares
   * their ids as `Page` where it lists them.
   */
  href: (page: string) => string;
  backend: BackendPreference;
  /** Switch the engine's backend (and put it in the link). */
  setBackend: (backend: BackendPreference) => void;
  threads: ThreadPreference;
  /** Switch the CPU backend between every core and one (and put it in the link). */
  setThreads: (threads: ThreadPreference) => void;
  /** Which backend each lab runs on under `auto`, and the timings behind it. */
  chooser: BackendChooser;
};

/** A drawn lab: its element, and what to undo when the page changes. */
export type LabView = { element: HTMLElement; dispose: () => void };

/** The keys every lab's text must have: its header link and its card. */
type RequiredKeys<Id extends string> = `${Id}.nav` | `${Id}.card.title` | `${Id}.card.body`;

/** A row as the app uses it. */
export type Lab<Id extends string = string, Key extends string = string> = {
  readonly id: Id;
  /** One or two characters for its card. */
  readonly icon: string;
  readonly params: ParamTable;
  readonly messages: LabMessages<Key>;
  /** On the index as "coming soon", with no page yet. */
  readonly coming?: boolean;
  /** Its representative step, timed on each backend to choose the faster (engine/chooser.ts). */
  readonly probe?: LabProbe;
  readonly render: (ctx: LabContext<Record<string, ParamValue>>) => LabView;
};

/**
 * Declare a lab. The types tie the row together: `render` takes the state
 * `params` describes, and every key of `messages` starts with the id.
 */
function lab<const Id extends string, P extends ParamTable, Key extends `${Id}.${string}`>(row: {
  id: Id;
  icon: string;
  params: P;
  messages: LabMessages<Key> & LabMessages<RequiredKeys<Id>>;
  coming?: boolean;
  probe?: LabProbe;
  render: (ctx: LabContext<StateOf<P>>) => LabView;
}): Lab<Id, Key> {
  // The one place page state meets its type: url.ts parsed it with this
  // lab's own `params`, so it has exactly that shape.
  return { ...row, render: (ctx) => row.render(ctx as unknown as LabContext<StateOf<P>>) };
}

/** Every lab, in the order of the header and the index. */
export const LABS = [
  lab({ id: 'questions', icon: '?', params: questionsParams, messages: questionsMessages, render: questionsPage }),
  lab({ id: 'text', icon: 'Aa', params: textParams, messages: textMessages, render: textPage }),
  lab({ id: 'transformer', icon: '⇄', params: transformerParams, messages: transformerMessages, probe: transformerProbe, render: transformerPage }),
  lab({ id: 'vision', icon: '▦', params: visionParams, messages: visionMessages, probe: visionProbe, render: visionPage }),
  lab({ id: 'sequence', icon: '∿', params: sequenceParams, messages: sequenceMessages, probe: sequenceProbe, render: sequencePage }),
  lab({ id: 'gpt', icon: 'G', params: gptParams, messages: gptMessages, probe: gptProbe, render: gptPage }),
  lab({ id: 'lora', icon: 'ΔW', params: loraParams, messages: loraMessages, render: loraPage }),
  lab({ id: 'precision', icon: '8b', params: precisionParams, messages: precisionMessages, render: precisionPage }),
  lab({ id: 'representations', icon: '≈', params: representationsParams, messages: representationsMessages, render: representationsPage }),
  lab({ id: 'concepts', icon: '∇', params: conceptsParams, messages: conceptsMessages, render: conceptsPage }),
  lab({ id: 'check', icon: '⚙', params: checkParams, messages: checkMessages, render: checkPage }),
] as const;

export type LabId = (typeof LABS)[number]['id'];

/** Every key of every lab's text. */
export type LabMessageKey = (typeof LABS)[number] extends infer L ? (L extends Lab<string, infer K> ? K : never) : never;
