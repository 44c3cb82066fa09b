// Worker entry for the through-the-runtime rows: the five-source toolkit composition.
import { toolkitParallel } from '../workers.ts';

export const responseProvider = toolkitParallel;
