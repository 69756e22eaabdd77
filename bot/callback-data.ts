/**
 * Typed callback data: `action:arg:arg`, at most 64 bytes as Telegram requires. Every button the bot makes
 * goes through `pack`, every press through `unpack`, so handlers never split strings themselves. Arguments
 * are whole numbers within the id columns' range or one of a few short codes, checked against the action's
 * schema: a button from an old version of the bot, or forged data, unpacks to null and gets the "stale button"
 * answer.
 */
type ArgKind = 'int' | readonly string[];

/**
 * Every `int` argument is a row id (or 0) of a 32-bit integer column: a larger number names no row, and
 * PostgreSQL would refuse it in a query ("out of range for type integer") — a stale or forged button.
 */
const MAX_INT = 2_147_483_647;

const SCHEMAS = {
  menu: [],
  list: ['int'],
  /** The competitions that have started or are over, a page. */
  past: ['int'],
  competition: ['int'],
  register: ['int', ['participant', 'voter']],
  consent: ['int', ['yes', 'no']],
  waitlist: ['int', ['yes', 'no']],
  slotToggle: ['int', 'int'],
  slotSet: ['int', 'int', ['on', 'off']],
  slotsDone: ['int'],
  slots: ['int'],
  myList: [],
  myRegistration: ['int'],
  cancelAsk: ['int'],
  cancelYes: ['int'],
  profile: [],
  editName: [],
  editPhone: [],
  reminders: [['on', 'off']],
  deleteAsk: [],
  deleteYes: [],
  /** "📄 My data": the screen, and the same as a file. */
  myData: [],
  myDataFile: [],
  language: [['ru', 'en']],
  help: [],
  /** A reminder's answer: registration, slot (0 for a competition), answer. */
  attend: ['int', 'int', ['yes', 'no', 'sure', 'keep']],
  ticket: ['int'],
  /** A freed place offered from the waiting list: registration, take it or not. */
  offer: ['int', ['take', 'skip']],
  /** Form steps: take an offered name (the one already given, or Telegram's); leave the form; change a field from the consent summary. */
  formName: [['saved', 'telegram']],
  formCancel: [],
  formEdit: ['int', ['name', 'phone']],
  /** The menu as a new message, under a message that should stay (a notification). */
  menuNew: [],
  /**
   * A competition's own questions: an option pressed (question, the option's index among the live ones — never its
   * value, which may be long; yes/no 0/1; a country the index of the common ones); several-of-a-list's Done; Skip;
   * the answer given in another competition; change an answer (question, or 0 for the list); back from the list.
   */
  qOpt: ['int', 'int'],
  qDone: ['int'],
  qSkip: ['int'],
  qReuse: ['int'],
  qEdit: ['int'],
  qBack: [],
  /** "Change answers" of a registration, from "My registrations": the list; one question of it (registration, question). */
  ansEdit: ['int'],
  ansQuestion: ['int', 'int'],
  /**
   * Teams: create one from a registration; a team's screen (its id; the viewer is found among its members); the invite
   * QR again; join from an invite's preview (the code waits in the session); pick a member to remove or to hand the
   * captaincy to; ask to confirm and do a roster change (team, the member's registration or 0, what); rename.
   */
  teamCreate: ['int'],
  team: ['int'],
  teamQr: ['int'],
  teamJoin: ['int'],
  teamPick: ['int', ['remove', 'captain']],
  teamAsk: ['int', 'int', ['remove', 'captain', 'renew', 'dissolve', 'leave']],
  teamDo: ['int', 'int', ['remove', 'captain', 'renew', 'dissolve', 'leave']],
  teamRename: ['int'],
} as const satisfies Record<string, readonly ArgKind[]>;

export type Action = keyof typeof SCHEMAS;

type ArgOf<K> = K extends 'int' ? number : K extends readonly (infer S)[] ? S : never;
type MapArgs<T extends readonly ArgKind[]> = { -readonly [I in keyof T]: ArgOf<T[I]> };
/** The arguments of an action, as a tuple: `register` → [competitionId: number, role: 'participant' | 'voter']. */
export type ArgsOf<A extends Action> = Extract<MapArgs<(typeof SCHEMAS)[A]>, unknown[]>;

/** Short codes on the wire, so data stays far below 64 bytes. */
const CODES: Record<Action, string> = {
  menu: 'm',
  list: 'cl',
  past: 'cp',
  competition: 'cd',
  register: 'rg',
  consent: 'cs',
  waitlist: 'wl',
  slotToggle: 'st',
  slotSet: 'sv',
  slotsDone: 'sd',
  slots: 'ss',
  myList: 'ml',
  myRegistration: 'mr',
  cancelAsk: 'ca',
  cancelYes: 'cy',
  profile: 'pf',
  editName: 'pn',
  editPhone: 'pp',
  reminders: 'rm',
  deleteAsk: 'da',
  deleteYes: 'dy',
  myData: 'md',
  myDataFile: 'mf',
  language: 'lg',
  help: 'hp',
  attend: 'at',
  ticket: 'tk',
  offer: 'of',
  formName: 'fn',
  formCancel: 'fc',
  formEdit: 'fe',
  menuNew: 'mn',
  qOpt: 'qo',
  qDone: 'qd',
  qSkip: 'qs',
  qReuse: 'qr',
  qEdit: 'qe',
  qBack: 'qb',
  ansEdit: 'ae',
  ansQuestion: 'aq',
  teamCreate: 'tc',
  team: 'tm',
  teamQr: 'tq',
  teamJoin: 'tj',
  teamPick: 'tp',
  teamAsk: 'ta',
  teamDo: 'td',
  teamRename: 'tn',
};
const ACTION_OF_CODE = new Map(Object.entries(CODES).map(([action, code]) => [code, action as Action]));

export function pack<A extends Action>(action: A, ...args: ArgsOf<A>): string {
  const data = [CODES[action], ...args].join(':');
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data too long: ${data}`);
  return data;
}

export interface Unpacked<A extends Action = Action> {
  action: A;
  args: ArgsOf<A>;
}

export function unpack(data: string): Unpacked | null {
  const [code, ...parts] = data.split(':');
  const action = ACTION_OF_CODE.get(code);
  if (!action) return null;
  const schema: readonly ArgKind[] = SCHEMAS[action];
  if (parts.length !== schema.length) return null;
  const args: Array<string | number> = [];
  for (const [i, kind] of schema.entries()) {
    const part = parts[i];
    if (kind === 'int') {
      if (!/^\d{1,10}$/.test(part) || Number(part) > MAX_INT) return null;
      args.push(Number(part));
    } else {
      if (!kind.includes(part)) return null;
      args.push(part);
    }
  }
  // Each argument was checked against the action's table above; the array's type cannot follow the loop.
  return { action, args: args as unknown as ArgsOf<typeof action> };
}
