// A third of the guided runs (tests/browser/guided.ts).
import { walkGuided } from './guided';

walkGuided(3, 3);
