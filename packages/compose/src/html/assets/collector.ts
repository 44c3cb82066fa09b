/**
 * One request's assets: what each slot declared or its fragment's `Link` header named, without
 * duplicates (same `href`), and which of them the page has written. The rule the page follows:
 *
 * - stylesheets go where the template's styles mark is (`<weft-styles>`, else just before
 *   `</head>`), once the slots that hold the head (`assets.holdHead`) have their response headers;
 *   a stylesheet learnt later is written just before the fragment that needs it;
 * - scripts go where the scripts mark is (`<weft-scripts>`, else just before `</body>`); a script
 *   learnt after that place was written follows its fragment.
 *
 * The collector only decides what is still to write; the parts in assemble/asset-parts.ts write it.
 */
import type { Asset } from './asset.ts';
import { assetElements } from './markup.ts';

interface Entry {
  asset: Asset;
  owners: Set<string>;
  written: boolean;
}

export class AssetCollector {
  private readonly entries = new Map<string, Entry>();
  private readonly holds: Array<Promise<unknown>> = [];
  private scriptsPlaced = false;

  constructor(readonly nonce: string | undefined) {}

  /** Records assets of a slot (the first declaration of an `href` keeps its kind). */
  add(owner: string, assets: readonly Asset[]): void {
    for (const asset of assets) {
      const entry = this.entries.get(asset.href);
      if (entry === undefined) this.entries.set(asset.href, { asset, owners: new Set([owner]), written: false });
      else entry.owners.add(owner);
    }
  }

  /** The head waits until this settles (a held slot's response headers, or its failure). */
  hold(settled: Promise<unknown>): void {
    this.holds.push(settled.then(() => undefined, () => undefined));
  }

  /** Every asset known so far, in the order first declared. */
  all(): Asset[] {
    return [...this.entries.values()].map((e) => e.asset);
  }

  private take(filter: (entry: Entry) => boolean): string {
    const taken: Asset[] = [];
    for (const entry of this.entries.values()) {
      if (entry.written || !filter(entry)) continue;
      entry.written = true;
      taken.push(entry.asset);
    }
    return assetElements(taken, this.nonce);
  }

  /** At the styles mark: waits for the held slots, then writes every stylesheet known. */
  async styles(): Promise<string> {
    // A held slot started while waiting (a streamed template) is waited for too.
    for (let waited = 0; waited < this.holds.length; ) {
      const upTo = this.holds.length;
      await Promise.all(this.holds.slice(waited, upTo));
      waited = upTo;
    }
    return this.take((e) => e.asset.kind === 'style');
  }

  /** At the scripts mark: every script known; scripts learnt later follow their fragment. */
  scripts(): string {
    this.scriptsPlaced = true;
    return this.take((e) => e.asset.kind !== 'style');
  }

  /** Just before a slot's content: its stylesheets not written yet. */
  before(owner: string): string {
    return this.take((e) => e.asset.kind === 'style' && e.owners.has(owner));
  }

  /** Just after a slot's content: its scripts not written yet, once the scripts' place has passed. */
  after(owner: string): string {
    if (!this.scriptsPlaced) return '';
    return this.take((e) => e.asset.kind !== 'style' && e.owners.has(owner));
  }
}
