// Worker entry for the through-the-runtime rows: the hand-written Promise.all.
import { baselineParallel } from '../workers.ts';

export const responseProvider = baselineParallel;
