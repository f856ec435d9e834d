// A third of the guided runs (tests/browser/guided.ts).
import { walkGuided } from './guided';

walkGuided(2, 3);
