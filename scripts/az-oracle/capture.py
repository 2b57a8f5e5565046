#!/usr/bin/python3
"""Runs the real az over scripts/az-oracle/cases.json and writes test/fixtures/az-cli/captured.json.

Needs the oracle (az 2.45 with the communication extension installed under an extension dir, see
scripts/az-oracle/README.md) and node (npx tsx) for the canned ACS service. From the repository root:

    /usr/bin/python3 scripts/az-oracle/capture.py [--extension-dir DIR] [--jobs N] [--only NAME_REGEX]

Each case runs in a fresh temp folder: AZURE_CONFIG_DIR with the quiet base config merged with the
case's own config, HOME, and a work dir (the cwd) holding the case's files. Every worker has its own
canned service (TLS, because az's ACS SDK always speaks https), so the requests az sent can be
recorded per case. Outputs are made machine-independent with placeholders (see PLACEHOLDERS).
"""
import argparse
import concurrent.futures
import configparser
import io
import json
import os
import pathlib
import re
import select
import shutil
import signal
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from importlib.metadata import version

ROOT = pathlib.Path(__file__).resolve().parents[2]
CASES = ROOT / 'scripts/az-oracle/cases.json'
OUT = ROOT / 'test/fixtures/az-cli/captured.json'
CA_CERT = ROOT / 'test/fixtures/az-cli/tls/canned-acs-127.0.0.1.crt'
SERVICE = 'test/helpers/canned-acs-service.ts'
PROMPT = 'Are you sure you want to perform this operation? (y/n): '
SECTIONS = {
    'cases': 'the communication user-identity commands',
    'generic': "az's own wording for generic argument errors, from the core `cloud` group (works offline)",
}

# What a real user's quiet az setup turns off: telemetry upload, the survey prompt, auto-upgrade.
QUIET_CONFIG = '[core]\ncollect_telemetry = no\nsurvey_message = no\n\n[auto-upgrade]\nenable = no\n'

PLACEHOLDERS = {
    '{connection_string}': 'the canned service connection string (endpoint=https://127.0.0.1:<port>/;accesskey=...)',
    '{endpoint}': 'https://127.0.0.1:<port>',
    '{host}': '127.0.0.1:<port>',
    '{workdir}': "the case's work dir (its cwd, holding its files)",
    '{config_dir}': "the case's AZURE_CONFIG_DIR",
    '{home}': "the case's HOME",
    '{extension_dir}': 'the oracle extension dir (shows in tracebacks)',
    '{canned.<path>}': 'a value of CANNED in test/helpers/canned-acs-service.ts, e.g. {canned.teams.entraToken}',
}

# Lines that change from run to run even against the canned service (only --verbose/--debug show them).
VOLATILE = [
    (re.compile(r'Command ran in [\d.]+ seconds \(init: [\d.]+, invoke: [\d.]+\)'),
     'Command ran in {seconds} seconds (init: {seconds}, invoke: {seconds})'),
    (re.compile(r"('x-ms-client-request-id': ')[0-9a-f-]{36}"), r'\1{uuid}'),
    (re.compile(r"('Date': ')[^']+"), r'\1{http_date}'),
    (re.compile(r'(Python/[\d.]+ \()[^)]*\)'), r'\1{platform})'),
    (re.compile(r' at 0x[0-9a-f]+'), ' at {address}'),
    (re.compile(r'(?m)^(DEBUG: cli\.azure\.cli\.core: (?:\S+|Total \(\d+\))\s+)\d+\.\d{3}'), r'\1{seconds}'),
    (re.compile(r'Updated command index in [\d.]+ seconds'), 'Updated command index in {seconds} seconds'),
    (re.compile(r'\d{4}-\d\d-\d\d\.\d\d-\d\d-\d\d\.([\w.-]+)\.\d+\.log'), r'{timestamp}.\1.{pid}.log'),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--extension-dir', default=os.environ.get('AZ_ORACLE_EXTENSION_DIR', '/work/oracle/cliextensions'))
    parser.add_argument('--jobs', type=int, default=6)
    parser.add_argument('--only', help='run only cases whose name matches this regex; prints them, writes nothing')
    args = parser.parse_args()

    doc = json.loads(CASES.read_text())
    sections = {section: doc.get(section, []) for section in SECTIONS}
    cases = [dict(case, section=section) for section, items in sections.items() for case in items]
    names = [c['name'] for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        sys.exit(f'duplicate case names: {sorted(duplicates)}')
    if args.only:
        cases = [c for c in cases if re.search(args.only, c['name'])]

    services = [CannedService() for _ in range(min(args.jobs, len(cases)))]
    free = list(services)
    lock = threading.Lock()

    def run(case):
        with lock:
            service = free.pop()
        try:
            return run_case(case, service, args.extension_dir)
        finally:
            with lock:
                free.append(service)

    try:
        with concurrent.futures.ThreadPoolExecutor(len(services)) as pool:
            results = list(pool.map(run, cases))
    finally:
        for service in services:
            service.stop()

    if args.only:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    fixture = {'header': header(args.extension_dir, services[0].canned)}
    fixture.update({section: [] for section in SECTIONS})
    for result in results:
        fixture[result.pop('section')].append(result)
    OUT.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + '\n')
    print(f'{len(results)} cases written to {OUT.relative_to(ROOT)}')


class CannedService:
    """One standalone canned ACS service (TLS) on its own port."""

    def __init__(self):
        self.process = subprocess.Popen(['npx', 'tsx', SERVICE, '--tls'], cwd=ROOT, stdout=subprocess.PIPE,
                                        text=True, start_new_session=True)
        self.connection_string = self.process.stdout.readline().strip()
        self.canned = json.loads(self.process.stdout.readline())
        self.endpoint = re.match(r'endpoint=(https://[^/;]+)', self.connection_string).group(1)
        self.host = self.endpoint[len('https://'):]
        self.context = ssl.create_default_context(cafile=str(CA_CERT))

    def control(self, method):
        request = urllib.request.Request(self.endpoint + '/__canned/requests', method=method)
        with urllib.request.urlopen(request, context=self.context) as response:
            return json.loads(response.read())

    def stop(self):
        # npx and tsx each fork: signal the whole process group the service was started in.
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(10)


def run_case(case, service, extension_dir):
    tmp = pathlib.Path(tempfile.mkdtemp(prefix='az-oracle-'))
    dirs = {name: tmp / name for name in ('work', 'config', 'home')}
    for d in dirs.values():
        d.mkdir()
    values = {
        '{connection_string}': service.connection_string,
        '{endpoint}': service.endpoint,
        '{host}': service.host,
        '{workdir}': str(dirs['work']),
        '{config_dir}': str(dirs['config']),
        '{home}': str(dirs['home']),
        '{extension_dir}': extension_dir,
    }

    def fill(text):
        if text is None:
            return None
        text = re.sub(r'\{canned\.([\w.]+)\}', lambda m: lookup(service.canned, m.group(1)), text)
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        return text

    config_text = case['config'] if case.get('raw_config') else merged_config(case.get('config', ''))
    (dirs['config'] / 'config').write_text(fill(config_text))
    for name, content in case.get('files', {}).items():
        (dirs['work'] / name).write_text(fill(content))
    env = {
        'PATH': '/usr/bin:/bin', 'HOME': str(dirs['home']), 'LANG': 'C.UTF-8',
        'AZURE_CONFIG_DIR': str(dirs['config']), 'AZURE_EXTENSION_DIR': extension_dir,
        'REQUESTS_CA_BUNDLE': str(CA_CERT), 'NO_PROXY': '127.0.0.1,localhost',
    }
    if case.get('tty'):
        env['TERM'] = 'xterm-256color'
    env.update({k: fill(v) for k, v in case.get('env', {}).items()})
    argv = ['az'] + [fill(a) for a in case['argv']]

    service.control('DELETE')
    started = time.monotonic()
    if case.get('tty'):
        outcome = run_on_terminal(argv, env, dirs['work'], case)
    else:
        stdin = fill(case.get('stdin'))
        done = subprocess.run(argv, env=env, cwd=dirs['work'], capture_output=True, timeout=180,
                              input=stdin.encode() if stdin is not None else None,
                              stdin=subprocess.DEVNULL if stdin is None else None)
        outcome = {'exit_code': done.returncode, 'stdout': done.stdout.decode(), 'stderr': done.stderr.decode()}
    seconds = time.monotonic() - started
    requests = [{'method': r['method'], 'url': r['url'], 'body': r['body']} for r in service.control('GET')]
    shutil.rmtree(tmp, ignore_errors=True)

    def unfill(text):
        for placeholder, value in sorted(values.items(), key=lambda kv: -len(kv[1])):
            text = text.replace(value, placeholder)
        if case.get('volatile'):
            for pattern, replacement in VOLATILE:
                text = pattern.sub(replacement, text)
        return text

    result = {key: case[key] for key in ('section', 'name', 'note') if key in case}
    result.update({
        'argv': case['argv'],
        'env': case.get('env', {}),
        'config': config_text,
        'files': case.get('files', {}),
        'stdin': case.get('stdin'),
        'tty': bool(case.get('tty')),
    })
    if case.get('tty'):
        result['tty_streams'] = case.get('tty_streams', ['stdin', 'stdout', 'stderr'])
        result['answers'] = case.get('answers', [])
    if case.get('volatile'):
        result['volatile'] = True
    result.update({key: unfill(value) if isinstance(value, str) else value for key, value in outcome.items()})
    result['requests'] = [{k: unfill(v) for k, v in r.items()} for r in requests]
    print(f'{case["name"]}: exit {outcome["exit_code"]}, {len(requests)} request(s), {seconds:.1f}s', file=sys.stderr)
    return result


def run_on_terminal(argv, env, cwd, case):
    """Runs az with the chosen streams on a pseudo-terminal (80x24), typing `answers` at each prompt.

    `terminal` is the raw transcript of the terminal (the tty turns \\n into \\r\\n and echoes what is
    typed); streams that are not on the terminal are captured as stdout/stderr. An answer of null
    types Ctrl-D (end of input).
    """
    import fcntl
    import pty
    import termios

    streams = case.get('tty_streams', ['stdin', 'stdout', 'stderr'])
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
    pick = (lambda name, other: slave if name in streams else other)
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=pick('stdin', subprocess.DEVNULL),
                               stdout=pick('stdout', subprocess.PIPE), stderr=pick('stderr', subprocess.PIPE),
                               start_new_session=True)
    os.close(slave)
    piped = {}
    readers = []
    for name in ('stdout', 'stderr'):
        stream = getattr(process, name)
        if stream is not None:
            piped[name] = bytearray()
            reader = threading.Thread(target=drain, args=(stream, piped[name]))
            reader.start()
            readers.append(reader)

    transcript = bytearray()
    answers = list(case.get('answers', []))
    prompts_answered = 0
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b''
            if not chunk and process.poll() is not None:
                break
            transcript.extend(chunk)
        elif process.poll() is not None:
            break
        seen = (transcript + piped.get('stdout', b'')).decode(errors='replace').count(PROMPT)
        if seen > prompts_answered and answers:
            answer = answers.pop(0)
            os.write(master, b'\x04' if answer is None else answer.encode() + b'\r')
            prompts_answered += 1
    else:
        process.kill()
    process.wait()
    for reader in readers:
        reader.join()
    os.close(master)
    outcome = {'exit_code': process.returncode}
    outcome['stdout'] = piped['stdout'].decode() if 'stdout' in piped else ''
    outcome['stderr'] = piped['stderr'].decode() if 'stderr' in piped else ''
    outcome['terminal'] = transcript.decode(errors='replace')
    return outcome


def merged_config(case_config):
    """The quiet base settings with the case's config text on top (a case may override them)."""
    parser = configparser.RawConfigParser()
    parser.optionxform = str
    parser.read_string(QUIET_CONFIG)
    parser.read_string(case_config)
    text = io.StringIO()
    parser.write(text)
    return text.getvalue()


def drain(stream, sink):
    for chunk in iter(lambda: stream.read1(4096), b''):
        sink.extend(chunk)


def lookup(tree, dotted):
    for key in dotted.split('.'):
        tree = tree[key]
    return tree


def header(extension_dir, canned):
    return {
        'what': 'Exact stdout, stderr and exit code of the real az for each case of scripts/az-oracle/cases.json, '
                'run against the canned ACS service (test/helpers/canned-acs-service.ts). '
                'Regenerate with /usr/bin/python3 scripts/az-oracle/capture.py (see scripts/az-oracle/README.md).',
        'az': {
            'azure-cli-core': version('azure-cli-core'),
            'knack': version('knack'),
            'jmespath': version('jmespath'),
            'azure-communication-identity': version('azure-communication-identity'),
            'python': sys.version.split()[0],
            'communication extension': extension_metadata(extension_dir),
        },
        'quiet_config': QUIET_CONFIG,
        'quiet_config_why': 'Every case config file holds these settings (a real user\'s quiet setup: no '
                            'telemetry upload, no survey prompt, no auto-upgrade) merged with the case\'s own '
                            'config (the case wins; raw_config cases are written as given); `config` of each '
                            'case is the exact file written. Update checks need no setting: this machine is '
                            'offline, so the check az runs on --help finds nothing and prints nothing.',
        'environment': 'A clean environment per case: PATH=/usr/bin:/bin, LANG=C.UTF-8, HOME and AZURE_CONFIG_DIR '
                       'in a fresh temp folder, AZURE_EXTENSION_DIR=<oracle>, REQUESTS_CA_BUNDLE=<the canned '
                       'service certificate>, NO_PROXY=127.0.0.1,localhost; TERM=xterm-256color on tty cases; '
                       'plus the case\'s env. stdin is /dev/null unless the case gives stdin or a tty. '
                       'Not a tty means: no terminal at all (no colour, no prompt).',
        'offline': 'The capture machine has no network. az asks an online service (Aladdin) for '
                   'recommendations after a parse error; offline that fails and az falls back to the '
                   'examples of the command\'s help, shown under "Examples from AI knowledge base:". '
                   'With network the recommendations would vary.',
        'placeholders': PLACEHOLDERS,
        'volatile': 'In cases marked volatile (--verbose, --debug, retries) these run-to-run values were '
                    'replaced: the "Command ran in" timings, x-ms-client-request-id, the response Date header, '
                    'the platform in User-Agent, Python object addresses, module load times, the command log '
                    'file name. --verbose adds INFO lines (request URL/method/headers, response status/'
                    'headers, timing) that are otherwise stable against the canned service. --debug output '
                    'also depends on the command index state and the installed modules; compare those cases '
                    'by their deterministic lines only.',
        'tty': 'tty cases run on a pseudo-terminal of 80x24 with the streams listed in tty_streams attached '
               'to it; `terminal` is its raw transcript (\\r\\n line ends, typed answers echoed). '
               'Answers are typed followed by Enter each time the prompt appears; null types Ctrl-D.',
        'sections': SECTIONS,
        'canned': canned,
    }


def extension_metadata(extension_dir):
    infos = list(pathlib.Path(extension_dir, 'communication').glob('*.dist-info'))
    return infos[0].name if infos else 'missing'


if __name__ == '__main__':
    main()
