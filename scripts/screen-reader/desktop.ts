/**
 * A headless Linux desktop with a real screen reader: Xvfb, a D-Bus session with the AT-SPI bus, Orca and
 * Debian's Chromium with its accessibility tree exported over AT-SPI. Keys go in with xdotool as a person
 * would press them; what Orca says is read from its debug file ("SPEECH OUTPUT: '…'" lines).
 *
 * Orca runs without a synthesizer (the machine has no audio device, and speech-dispatcher blocks Orca when
 * it cannot play): it still builds every utterance and logs it, which is what is checked here. Its debug file
 * is made line-buffered by running a copy of /usr/bin/orca that opens it so (the packaged one buffers 8 KB).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Debian packages this needs (apt-get install -y --no-install-recommends …). */
export const PACKAGES =
  'orca xvfb x11-xkb-utils at-spi2-core dbus-x11 xdotool python3-pyatspi gir1.2-atspi-2.0 chromium';
const TOOLS = [
  '/usr/bin/orca',
  '/usr/bin/Xvfb',
  '/usr/bin/xdotool',
  '/usr/bin/setxkbmap',
  '/usr/bin/dbus-launch',
  '/usr/bin/chromium',
];
const BUS_LAUNCHER = '/usr/libexec/at-spi-bus-launcher';

export function missingTools(): string[] {
  return [...TOOLS, BUS_LAUNCHER].filter((path) => !existsSync(path));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Orca's settings: no synthesizer, no key echo, no reading of the whole page when it loads. */
function orcaPreferences(dir: string): void {
  const mine = {
    speechServerFactory: 'none',
    enableKeyEcho: false,
    sayAllOnLoad: false,
  };
  mkdirSync(dir, { recursive: true });
  const settings = {
    general: mine,
    profiles: { default: { profile: ['Default', 'default'], ...mine } },
    pronunciations: {},
    keybindings: {},
  };
  writeFileSync(join(dir, 'user-settings.conf'), JSON.stringify(settings, null, 1));
  // Orca falls back to each speech factory it knows when the configured one fails: know none.
  writeFileSync(
    join(dir, 'orca-customizations.py'),
    'import orca.settings\norca.settings.speechFactoryModules = []\n',
  );
}

export class Desktop {
  private readonly processes: ChildProcess[] = [];
  private busPid: number | undefined;
  private browser: ChildProcess | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly speechLog: string;

  private constructor(
    readonly dir: string,
    display: number,
  ) {
    mkdirSync(join(dir, 'run'), { recursive: true, mode: 0o700 });
    this.env = {
      ...process.env,
      DISPLAY: `:${display}`,
      XDG_RUNTIME_DIR: join(dir, 'run'),
      GTK_MODULES: 'gail:atk-bridge',
      NO_AT_BRIDGE: '0',
    };
    this.speechLog = join(dir, 'orca-debug.out');
  }

  /** Starts the display, the buses and Orca; `dir` is a fresh folder for their files. */
  static async start(dir: string, display = 90 + Math.floor(Math.random() * 9)): Promise<Desktop> {
    const desktop = new Desktop(dir, display);
    await desktop.boot(display);
    return desktop;
  }

  private async boot(display: number): Promise<void> {
    this.run('/usr/bin/Xvfb', [`:${display}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp']);
    for (let i = 0; i < 50 && !existsSync(`/tmp/.X11-unix/X${display}`); i += 1) await sleep(100);
    const bus = execFileSync('/usr/bin/dbus-launch', ['--sh-syntax'], { env: this.env }).toString();
    const address = /DBUS_SESSION_BUS_ADDRESS='([^']+)'/.exec(bus)?.[1];
    this.busPid = Number(/DBUS_SESSION_BUS_PID=(\d+)/.exec(bus)?.[1]);
    if (!address) throw new Error(`dbus-launch said: ${bus}`);
    this.env.DBUS_SESSION_BUS_ADDRESS = address;
    this.run(BUS_LAUNCHER, ['--launch-immediately']);
    await sleep(1500);

    const prefs = join(this.dir, 'orca-prefs');
    orcaPreferences(prefs);
    const orca = join(this.dir, 'orca');
    writeFileSync(
      orca,
      readFileSync('/usr/bin/orca', 'utf8').replace(
        "open(args.debug_file, 'w')",
        "open(args.debug_file, 'w', buffering=1)",
      ),
    );
    this.run('/usr/bin/python3', [orca, '-u', prefs, `--debug-file=${this.speechLog}`]);
    await this.waitForSpeech(/Screen reader on/, 20_000);
  }

  /** Opens Chromium on `url` with its DevTools port (used only to wait for what the page shows). */
  async openBrowser(url: string, locale: string, debuggingPort: number): Promise<void> {
    this.closeBrowser();
    // The page's languages (navigator.languages) come from the profile, whatever --lang says; and no
    // offer to save the password (it speaks over the console after signing in).
    const profile = join(this.dir, `chrome-${locale}`);
    mkdirSync(join(profile, 'Default'), { recursive: true });
    const preferences = {
      intl: { accept_languages: `${locale},${locale.split('-')[0]}` },
      credentials_enable_service: false,
      profile: { password_manager_enabled: false },
    };
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences));
    this.browser = this.run('/usr/bin/chromium', [
      '--no-sandbox',
      '--force-renderer-accessibility',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-gpu',
      `--lang=${locale}`,
      `--user-data-dir=${profile}`,
      `--remote-debugging-port=${debuggingPort}`,
      '--window-position=0,0',
      '--window-size=1280,900',
      url,
    ]);
    // Chromium opens and closes windows while it starts: focus the one that stays.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const found = this.xdotool(['search', '--sync', '--onlyvisible', '--class', 'chromium']);
        this.xdotool(['windowfocus', '--sync', found.split('\n').pop() ?? '']);
        return;
      } catch (error) {
        if (attempt === 5) throw error;
        await sleep(500);
      }
    }
  }

  closeBrowser(): void {
    this.browser?.kill();
    this.browser = undefined;
  }

  /** Presses keys as xdotool names them ("Tab", "shift+Tab", "Return", "space"). */
  press(...keys: string[]): void {
    for (const key of keys) this.xdotool(['key', '--delay', '150', key]);
  }

  /**
   * Types text into what has the keyboard focus with the keyboard layout of its language (`ir` for Persian,
   * `ara` for Arabic), as a person there would: xdotool then finds each letter on a real key (letters it has
   * to map to a spare key code get dropped by Chromium when typed fast). The US layout comes back after.
   */
  async type(text: string, layout = 'us'): Promise<void> {
    execFileSync('/usr/bin/setxkbmap', ['-layout', layout], { env: this.env });
    try {
      for (const character of text) {
        this.xdotool(['type', '--delay', '0', character]);
        await sleep(80);
      }
    } finally {
      execFileSync('/usr/bin/setxkbmap', ['-layout', 'us'], { env: this.env });
    }
  }

  /** Where the speech log ends now: pass it to `spokenSince` after an action. */
  mark(): number {
    return existsSync(this.speechLog) ? statSync(this.speechLog).size : 0;
  }

  /** Every utterance Orca produced after `mark`, in order. */
  spokenSince(mark: number): string[] {
    const text = readFileSync(this.speechLog).subarray(mark).toString('utf8');
    // An utterance may hold line breaks; Orca prints the voice (a dict, or a list of them) after the quote.
    return Array.from(text.matchAll(/SPEECH OUTPUT: '([\s\S]*?)'(?: voice=\w+)? ?\[?\{/g), (m) =>
      (m[1] ?? '').replace(/\s+/g, ' ').trim(),
    ).filter((utterance) => utterance !== '');
  }

  /** Waits until Orca has been quiet for `quietMs` (it speaks in bursts), at most `maxMs`. */
  async settle(quietMs = 2000, maxMs = 15_000): Promise<void> {
    const end = Date.now() + maxMs;
    let size = this.mark();
    let since = Date.now();
    while (Date.now() < end) {
      await sleep(250);
      const now = this.mark();
      if (now !== size) [size, since] = [now, Date.now()];
      else if (Date.now() - since >= quietMs) return;
    }
  }

  async waitForSpeech(pattern: RegExp, maxMs: number, mark = 0): Promise<void> {
    const end = Date.now() + maxMs;
    while (Date.now() < end) {
      if (existsSync(this.speechLog) && this.spokenSince(mark).some((u) => pattern.test(u))) return;
      await sleep(250);
    }
    throw new Error(`Orca did not say ${pattern} within ${maxMs} ms (log: ${this.speechLog})`);
  }

  /** Ends everything this desktop started, each by its own process id. */
  stop(): void {
    for (const child of this.processes.reverse()) child.kill();
    if (this.busPid) process.kill(this.busPid);
  }

  private xdotool(args: string[]): string {
    return execFileSync('/usr/bin/xdotool', args, { env: this.env }).toString().trim();
  }

  private run(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { env: this.env, stdio: 'ignore' });
    this.processes.push(child);
    return child;
  }
}
