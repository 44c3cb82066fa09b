/**
 * The parts that write fragment assets (assets/collector.ts decides what is still to write): the
 * stylesheets at the styles mark, the scripts at the scripts mark, and each slot wrapped so that
 * a stylesheet learnt after the head left goes just before its fragment and a late script just
 * after it.
 */
import type { AssetCollector } from '../assets/collector.ts';
import { encodeUtf8 } from '../bytes.ts';
import type { SlotPart } from './fragment.ts';
import type { Mark } from '../template/scanner.ts';
import type { Part } from './parts.ts';

export function stylesPart(assets: AssetCollector): Part {
  return {
    async *chunks() {
      const markup = await assets.styles();
      if (markup !== '') yield encodeUtf8(markup);
    },
    cancel() {},
  };
}

export function scriptsPart(assets: AssetCollector): Part {
  return {
    async *chunks() {
      const markup = assets.scripts();
      if (markup !== '') yield encodeUtf8(markup);
    },
    cancel() {},
  };
}

/** A slot's content between its late stylesheets and its late scripts. */
export async function* slotWithAssets(part: SlotPart, owner: string, assets: AssetCollector): AsyncGenerator<Uint8Array, void, undefined> {
  // Its response headers (and so its Link header) are known once the part has decided.
  await part.whenDecided();
  const before = assets.before(owner);
  if (before !== '') yield encodeUtf8(before);
  yield* part.chunks();
  const after = assets.after(owner);
  if (after !== '') yield encodeUtf8(after);
}

export function withAssets(part: SlotPart, owner: string, assets: AssetCollector): Part {
  return {
    chunks: () => slotWithAssets(part, owner, assets),
    cancel: (reason) => part.cancel(reason),
  };
}

/**
 * Which places the template gave: the first styles mark (`<weft-styles>` or `</head`) takes the
 * stylesheets, the first scripts mark (`<weft-scripts>` or `</body`) the scripts, and the end of
 * the body (`</body`, else the end of the page) the async slots, after the scripts.
 */
export class AssetPlaces {
  private styles = false;
  private scripts = false;
  private tailPlaced = false;

  constructor(
    private readonly assets: AssetCollector,
    private readonly tail: Part,
  ) {}

  at(mark: Mark): Part[] {
    if ((mark === 'styles' || mark === 'head-end') && !this.styles) {
      this.styles = true;
      return [stylesPart(this.assets)];
    }
    if (mark === 'scripts' && !this.scripts) {
      this.scripts = true;
      return [scriptsPart(this.assets)];
    }
    return mark === 'body-end' ? this.end() : [];
  }

  /** What the end of the body still needs (also called at the end of a page without `</body>`). */
  end(): Part[] {
    const parts: Part[] = [];
    if (!this.scripts) parts.push(scriptsPart(this.assets));
    if (!this.tailPlaced) parts.push(this.tail);
    this.scripts = true;
    this.tailPlaced = true;
    return parts;
  }
}
