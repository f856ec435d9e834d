// Every predicting step's measure, by step key (`<question id>:<step index>`),
// gathered from one file per lab.
import type { Measure } from '../types';
import { conceptsMeasures } from './concepts';
import { gptMeasures } from './gpt';
import { loraMeasures } from './lora';
import { precisionMeasures } from './precision';
import { representationsMeasures } from './representations';
import { sequenceMeasures } from './sequence';
import { textMeasures } from './text';
import { transformerMeasures } from './transformer';
import { visionMeasures } from './vision';

export const MEASURES: Readonly<Record<string, Measure>> = {
  ...conceptsMeasures,
  ...gptMeasures,
  ...loraMeasures,
  ...precisionMeasures,
  ...representationsMeasures,
  ...sequenceMeasures,
  ...textMeasures,
  ...transformerMeasures,
  ...visionMeasures,
};

/** Which lab file a key came from, for the test that checks each file names only its own lab's steps. */
export const MEASURES_BY_LAB: Readonly<Record<string, Readonly<Record<string, Measure>>>> = {
  concepts: conceptsMeasures,
  gpt: gptMeasures,
  lora: loraMeasures,
  precision: precisionMeasures,
  representations: representationsMeasures,
  sequence: sequenceMeasures,
  text: textMeasures,
  transformer: transformerMeasures,
  vision: visionMeasures,
};
