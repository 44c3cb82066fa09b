// Worker entry for the through-the-runtime rows: one sub-request to the 100 ms origin.
import { floorParallel } from '../workers.ts';

export const responseProvider = floorParallel;
