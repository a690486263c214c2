import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { EventBridgeEvent } from 'aws-lambda';

/**
 * The local bus's journal: what makes an accepted event survive a crash of the runtime.
 * One JSON line per record, appended with a synchronous write before PutEvents answers:
 *
 *   {"event": {…the EventBridge event…}, "rules": ["audit-trail", "project-sales"]}   accepted
 *   {"done": "<event id>", "rule": "audit-trail"}                                      one delivery ended
 *
 * A delivery ends when its consumer succeeded or when the event was dead-lettered (the dead letter is
 * kept apart). At start the journal is read back: each event with a rule whose delivery had not ended is
 * delivered again (consumers are idempotent by event id, so one that had in fact run skips it). The
 * file is then rewritten with only those, and again every `compactEvery` records while running, so it
 * stays about as large as what is still to be delivered.
 *
 * Writes are synchronous but not fsync'd: an event survives the death of the process (kill -9, a
 * crash) — the kernel has it — but not a power cut just after. Compaction writes a new file, fsyncs it
 * and renames it over the old one, so a crash during compaction leaves one whole journal or the other.
 */
export type JournalEvent = EventBridgeEvent<string, Record<string, unknown>>;

export interface JournalEntry {
  readonly event: JournalEvent;
  /** The rules whose delivery has not ended. */
  readonly rules: readonly string[];
}

export class EventJournal {
  private readonly file: string;
  private readonly compactEvery: number;
  private readonly live = new Map<string, { event: JournalEvent; rules: Set<string> }>();
  private recovered: JournalEntry[] = [];
  private fd: number;
  private written = 0;

  private constructor(file: string, compactEvery: number) {
    this.file = file;
    this.compactEvery = compactEvery;
    if (existsSync(file)) this.load(readFileSync(file, 'utf8'));
    this.recovered = [...this.live.values()].map((e) => ({ event: e.event, rules: [...e.rules] }));
    this.fd = this.rewrite();
  }

  /** Reads the journal at `file` (if any), keeps what is left to deliver, and opens it for appending. */
  static open(file: string, compactEvery = 2000): EventJournal {
    return new EventJournal(file, compactEvery);
  }

  /** What was left to deliver when this journal was opened (handed out once). */
  takeRecovered(): JournalEntry[] {
    const taken = this.recovered;
    this.recovered = [];
    return taken;
  }

  /** How many events still have a delivery to make. */
  get pendingEvents(): number {
    return this.live.size;
  }

  /** Records accepted events, in one synchronous write, before PutEvents answers. */
  accepted(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    for (const { event, rules } of entries) this.live.set(event.id, { event, rules: new Set(rules) });
    this.append(entries.map((e) => JSON.stringify({ event: e.event, rules: e.rules })));
  }

  /** Records that the delivery of `eventId` to `rule` ended (delivered or dead-lettered). */
  done(eventId: string, rule: string): void {
    const entry = this.live.get(eventId);
    if (!entry?.rules.delete(rule)) return;
    if (entry.rules.size === 0) this.live.delete(eventId);
    this.append([JSON.stringify({ done: eventId, rule })]);
  }

  /** Compacts and closes the file (a clean stop); what is left is delivered at the next start. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    closeSync(this.rewrite());
  }

  private append(lines: readonly string[]): void {
    if (this.fd < 0) return;
    writeSync(this.fd, `${lines.join('\n')}\n`);
    this.written += lines.length;
    // A new file holds the live events again: compact only once the records are mostly ended ones.
    if (this.written >= Math.max(this.compactEvery, 2 * this.live.size)) {
      closeSync(this.fd);
      this.fd = this.rewrite();
    }
  }

  private load(text: string): void {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: { event?: JournalEvent; rules?: string[]; done?: string; rule?: string };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        continue; // the last line of a write a crash cut short
      }
      if (record.event?.id && Array.isArray(record.rules))
        this.live.set(record.event.id, { event: record.event, rules: new Set(record.rules) });
      else if (typeof record.done === 'string' && typeof record.rule === 'string') {
        const entry = this.live.get(record.done);
        entry?.rules.delete(record.rule);
        if (entry?.rules.size === 0) this.live.delete(record.done);
      }
    }
  }

  /** Writes the events still to deliver to a new file, fsync'd, renamed over the journal; opens it for appending. */
  private rewrite(): number {
    const temporary = `${this.file}.compacting`;
    const fd = openSync(temporary, 'w', 0o600);
    const lines = [...this.live.values()].map((e) => JSON.stringify({ event: e.event, rules: [...e.rules] }));
    if (lines.length > 0) writeSync(fd, `${lines.join('\n')}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, this.file);
    this.written = lines.length;
    return openSync(this.file, 'a', 0o600);
  }
}
