"""Records the top-level modules Debian's packages of the import-name table's distributions install.

For each distribution named in core/src/data/importNames.ts that the other files of test/fixtures/top-level-names/
do not already show installing the modules the table lists for it, this finds the Debian binary package that ships
the distribution (dh-python's own map of PyPI names to Debian packages, cpython3_fallback, else the usual
python3-<name> spellings), downloads that one .deb with `apt-get download` (nothing is installed) and reads its file
list. The distribution's names are those of its *.dist-info or *.egg-info in /usr/lib/python3/dist-packages/:
top_level.txt where it has one, else the modules and packages beside it when the package ships one distribution only.
A top-level directory that is a namespace (no __init__.py, or one that only extends __path__) is replaced by its
dotted subpackages (`google` → `google.auth`, `google.oauth2`), since the bare namespace says nothing of which
distribution fills it; where a package ships several distributions of one namespace (python3-azure), a subpackage
goes to the distribution whose name its dotted path starts with.

Writes test/fixtures/top-level-names/debian.json: per distribution the names, and the Debian package, version and
suite they came from. Only the standard library and apt-get / dpkg-deb are needed; apt works in a folder of its own
(its lists are fetched there), so the machine's apt state is left alone.

    python3 scripts/debian-top-level-names.py                # sid, trixie, bookworm: the newest of each
    python3 scripts/debian-top-level-names.py --keep /tmp/d  # keep apt's lists and the .debs for another run
"""
import argparse
import datetime
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, 'core/src/data/importNames.ts')
FIXTURES = os.path.join(ROOT, 'test/fixtures/top-level-names')
OUTPUT = os.path.join(FIXTURES, 'debian.json')
SITE = './usr/lib/python3/dist-packages/'
META = re.compile(r'^(.+?)-[^-/]*\.(dist-info|egg-info)$')

# Debian packages that ship a distribution other than as its wheel does: their names are not the wheel's.
DEBIAN_DIFFERS = {
    'setuptools': 'Debian ships pkg_resources as python3-pkg-resources, outside python3-setuptools',
    'pymongo': 'Debian ships bson and gridfs as python3-bson and python3-gridfs, outside python3-pymongo',
    'pymupdf': 'Debian ships the fitz name apart, as python3-fitz; the wheel installs both',
    'python-multipart': 'Debian leaves out the multipart name the wheel also installs (it collides with the multipart distribution\'s, Debian bug #1085728)',
}


def normalize(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def table_modules():
    """{normalized distribution: set of modules the table lists for it} from importNames.ts."""
    src = open(TABLE, encoding='utf8').read()
    entries = src[src.index('const ENTRIES'):src.index('const PROVIDES')]
    provides = src[src.index('const PROVIDES'):src.index('function normalize')]
    wanted = {}
    for m in re.finditer(r"\['([^']+)', '([^']+)'(?:, \[([^\]]*)\])?\]", entries):
        for dist in [m.group(2), *re.findall(r"'([^']+)'", m.group(3) or '')]:
            wanted.setdefault(normalize(dist), set()).add(m.group(1))
    for m in re.finditer(r"\['([^']+)', \[([^\]]*)\]\]", provides):
        wanted.setdefault(normalize(m.group(1)), set()).update(re.findall(r"'([^']+)'", m.group(2)))
    return wanted


def shows(names, module):
    """True when recorded names show the module: itself, a package above it, or (for a namespace) a package
    inside it. A bare namespace (`google`) shows no dotted module: it does not say which distribution fills it."""
    parts = module.split('.')
    for n in names:
        seg = n.split('.')
        if seg == parts or seg[: len(parts)] == parts:
            return True
        if len(seg) >= 2 and parts[: len(seg)] == seg:
            return True
    return False


def known_evidence():
    evidence = {}
    for path in glob.glob(os.path.join(FIXTURES, '*.json')):
        if os.path.abspath(path) == OUTPUT:
            continue
        data = json.load(open(path, encoding='utf8'))
        for dist, names in data['distributions'].items():
            evidence.setdefault(dist, []).extend(names)
        for dist, more in data.get('alsoInstalls', {}).items():
            if isinstance(more, list):
                evidence.setdefault(dist, []).extend(more)
    return evidence


class Apt:
    """apt-get and apt-cache over lists of their own, in `folder`."""

    def __init__(self, folder, suites, components):
        self.folder = folder
        for d in ('lists/partial', 'cache/archives/partial', 'debs'):
            os.makedirs(os.path.join(folder, d), exist_ok=True)
        sources = os.path.join(folder, 'sources.list')
        with open(sources, 'w') as f:
            for suite in suites:
                f.write(f'deb http://deb.debian.org/debian {suite} {components}\n')
        status = os.path.join(folder, 'status')
        open(status, 'a').close()
        self.options = [
            '-o', f'Dir::Etc::SourceList={sources}', '-o', 'Dir::Etc::SourceParts=/dev/null',
            '-o', f'Dir::State::Lists={folder}/lists', '-o', f'Dir::Cache={folder}/cache',
            '-o', f'Dir::State::status={status}',
        ]
        if os.geteuid() == 0:
            self.options += ['-o', 'APT::Sandbox::User=root']

    def update(self):
        subprocess.run(['apt-get', *self.options, '-q', 'update'], check=True, stdout=subprocess.DEVNULL)

    def versions(self, packages):
        """{package: [(version, suites, size in bytes), …]} for those apt knows: the version apt would download
        first, then the others its lists hold (a suite may still have the one a newer version dropped)."""
        out = subprocess.run(['apt-cache', *self.options, 'policy', *packages], capture_output=True, text=True).stdout
        found = {}
        for block in re.split(r'^(?=\S+:$)', out, flags=re.M):
            m = re.match(r'(\S+):\n\s+Installed: .*\n\s+Candidate: (\S+)', block)
            if not m or m.group(2) == '(none)':
                continue
            listed = re.findall(r'^ (?:\*\*\*| {3}) (\S+) -?\d+\n((?: {8}.*\n?)+)', block, re.M)
            rows = [(v, ', '.join(dict.fromkeys(re.findall(r'debian (\S+?)/[a-z-]+ ', where))) or '?') for v, where in listed]
            rows.sort(key=lambda row: row[0] != m.group(2))
            found[m.group(1)] = rows
        sizes = {}
        if found:
            show = subprocess.run(['apt-cache', *self.options, 'show', *found], capture_output=True, text=True).stdout
            for para in show.split('\n\n'):
                fields = dict(re.findall(r'^(Package|Version|Size): (\S+)', para, re.M))
                if len(fields) == 3:
                    sizes[fields['Package'], fields['Version']] = int(fields['Size'])
        return {p: [(v, suite, sizes.get((p, v), 0)) for v, suite in rows] for p, rows in found.items()}

    def download(self, package, version):
        debs = os.path.join(self.folder, 'debs')
        before = set(os.listdir(debs))
        found = [f for f in before if f.startswith(f"{package}_{version.replace(':', '%3a')}_")]
        if found:
            return os.path.join(debs, found[0])
        subprocess.run(['apt-get', *self.options, '-q', 'download', f'{package}={version}'], cwd=debs, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        new = [f for f in os.listdir(debs) if f not in before]
        return os.path.join(debs, new[0])


def deb_tree(path):
    """The package's files under dist-packages: {relative path: bytes or None}, small metadata files read."""
    tar_bytes = subprocess.run(['dpkg-deb', '--fsys-tarfile', path], capture_output=True, check=True).stdout
    files = {}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        for member in tar:
            if not member.name.startswith(SITE) or member.name == SITE:
                continue
            rel = member.name[len(SITE):].rstrip('/')
            content = None
            small = member.isfile() and member.size < 4096
            if small and (rel.endswith('/top_level.txt') or rel.endswith('/__init__.py')):
                content = tar.extractfile(member).read()
            files[rel] = content if member.isfile() else 'dir'
    return files


IDENTIFIER = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


def module_name(entry):
    """The import name of a top-level file or folder, or None for what is not one (data, *.pth, a folder name
    no `import` can spell)."""
    if entry.endswith('.py'):
        name = entry[:-3]
    elif entry.endswith('.so') or entry.endswith('.pyd'):
        name = entry.split('.')[0]
    elif '.' in entry:
        return None
    else:
        name = entry
    return name if IDENTIFIER.match(name) and name != '__pycache__' else None


def shipped(files, dotted):
    """True when the package has the module or package (a folder, `x.py` or an extension module)."""
    path = dotted.replace('.', '/')
    if files.get(path) == 'dir' or path + '.py' in files:
        return True
    prefix = path + '.'
    return any(p.startswith(prefix) and (p.endswith('.so') or p.endswith('.pyd')) and '/' not in p[len(prefix):]
               for p in files)


def is_namespace(files, folder):
    """A folder without __init__.py, or whose __init__.py only extends the package's path (pkgutil, pkg_resources)."""
    if files.get(folder) != 'dir':
        return False
    if folder + '/__init__.py' not in files:
        return True
    # A package that extends its path and has code of its own (discord.py) is a package, not a namespace.
    text = (files[folder + '/__init__.py'] or b'').decode('utf8', 'replace')
    code = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith('#')]
    return len(code) <= 4 and ('declare_namespace' in text or 'extend_path' in text)


def expand(files, name, owns, dist):
    """A top-level name, or for a namespace the dotted packages under it that `owns` accepts: subpackages are
    followed while they are namespaces; a namespace below the top that holds modules itself, or that is spelled
    like the distribution, is recorded whole (`google.api`, not each of its *_pb2 modules; `opentelemetry.sdk`)."""
    folder = name.replace('.', '/')
    if not is_namespace(files, folder) or ('.' in name and normalize(name) == dist):
        return [name]
    out = []
    children = sorted({p[len(folder) + 1:].split('/')[0] for p in files if p.startswith(folder + '/')})
    for child in children:
        mod = module_name(child)
        if mod is None or mod == '__init__':
            continue
        dotted = f'{name}.{mod}'
        if not owns(dotted):
            continue
        if files.get(f'{folder}/{child}') == 'dir':
            out.extend(expand(files, dotted, owns, dist))
        elif '.' in name:
            out.append(name)
        else:
            out.append(dotted)
    return out


def distribution_names(files, dist):
    """The names the distribution installs according to the package, or None when the package does not ship it."""
    metas = {}
    for rel in files:
        if '/' not in rel:
            m = META.match(rel)
            if m:
                metas[normalize(m.group(1))] = rel
    if dist not in metas:
        return None
    top_level = files.get(metas[dist] + '/top_level.txt')
    if top_level:
        tops = [line.strip().replace('/', '.') for line in top_level.decode('utf8').splitlines()]
    elif len(metas) == 1:
        tops = [module_name(rel) for rel in files if '/' not in rel and rel not in metas.values()]
    else:
        return None
    # top_level.txt can name what the package does not ship (a build's stray `debian` or `docs` folder).
    tops = [t for t in tops if t and all(IDENTIFIER.match(p) for p in t.split('.')) and shipped(files, t)]

    def owns(dotted):
        # In a package of several distributions, a namespace's member goes to the distribution whose name its
        # dotted path starts with (the longest such), and the namespaces on the way to it are followed.
        if len(metas) == 1:
            return True
        path = normalize(dotted)
        if dist.startswith(path + '-'):
            return True

        def fills(d):  # `azure.storage.filedatalake` is filled by azure-storage-file-datalake
            return path == d or path.startswith(d + '-') or path.replace('-', '') == d.replace('-', '')

        owner = max((d for d in metas if fills(d)), key=len, default=None)
        return owner == dist

    names = {n for top in tops for n in expand(files, top, owns, dist)}
    # A package inside another recorded one adds nothing (`shopify.resources` beside `shopify`).
    return sorted(n for n in names if not any(n.startswith(o + '.') for o in names))


def named_for(dist, fallback):
    """Debian packages named for the distribution: dh-python's map, python3-<name>, python3-<name without python->."""
    bare = re.sub(r'^(python-|py)', '', dist)
    return [fallback.get(dist), f'python3-{dist}', f'python3-{bare}']


def candidates(dist, modules, fallback):
    """The Debian packages that may ship the distribution, likeliest first."""
    names = named_for(dist, fallback) + [f'python3-{m.split(".")[0].lower()}' for m in sorted(modules)]
    seen = []
    for n in names:
        if n and n not in seen:
            seen.append(n)
    return seen


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--suites', default='sid,trixie,bookworm', help='Debian suites; apt takes the newest version')
    parser.add_argument('--components', default='main contrib non-free')
    parser.add_argument('--keep', help='a folder for apt lists and .debs, kept for the next run')
    parser.add_argument('--max-mb', type=float, default=80, help='skip .debs larger than this')
    args = parser.parse_args()
    suites = args.suites.split(',')
    folder = args.keep or tempfile.mkdtemp(prefix='debian-top-level-')
    try:
        apt = Apt(folder, suites, args.components)
        apt.update()
        dh_deb = apt.download('dh-python', apt.versions(['dh-python'])['dh-python'][0][0])
        fallback_path = 'usr/share/dh-python/dist/cpython3_fallback'
        with tarfile.open(fileobj=io.BytesIO(subprocess.run(['dpkg-deb', '--fsys-tarfile', dh_deb], capture_output=True, check=True).stdout)) as tar:
            text = tar.extractfile('./' + fallback_path).read().decode('utf8')
        fallback = {}
        for line in text.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                fallback.setdefault(normalize(parts[0]), parts[1])

        wanted = table_modules()
        evidence = known_evidence()
        todo = [d for d in sorted(wanted) if d in DEBIAN_DIFFERS or not all(shows(evidence.get(d, []), m) for m in wanted[d])]
        options = {d: candidates(d, wanted[d], fallback) for d in todo if d not in DEBIAN_DIFFERS}
        available = apt.versions(sorted({p for ps in options.values() for p in ps}))
        distributions, packages, absent = {}, {}, {}
        for dist in todo:
            if dist in DEBIAN_DIFFERS:
                absent[dist] = DEBIAN_DIFFERS[dist]
                continue
            # The newest version of each package that may ship it; then older versions of a package named for the
            # distribution (by dh-python's map or its spelling), since a newer one can have moved to a fork
            # (python3-kafka ships kafka-python-ng since 2.2).
            found = [p for p in options[dist] if p in available]
            named = [p for p in found if p in named_for(dist, fallback)]
            tries = [(p, row) for p in found for row in available[p][:1]]
            tries += [(p, row) for p in named[:1] for row in available[p][1:]]
            tried = []
            for package, (version, suite, size) in tries[:3]:
                if size > args.max_mb * 1e6:
                    tried.append(f'{package} {version} is {size / 1e6:.0f} MB, over --max-mb')
                    continue
                names = distribution_names(deb_tree(apt.download(package, version)), dist)
                if names is None:
                    tried.append(f'{package} {version} ships no {dist}')
                    continue
                distributions[dist] = names
                packages[dist] = f'{package} {version} ({suite})'
                print(f'{dist}: {" ".join(names)}  [{package} {version}]', file=sys.stderr)
                break
            if dist not in distributions:
                absent[dist] = '; '.join(tried) or f'not packaged in {", ".join(suites)}'
                print(f'{dist}: -  {absent[dist]}', file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    data = {
        'source': 'The file lists of Debian binary packages (' + ', '.join(suites) + ', amd64, deb.debian.org), '
        'one .deb per distribution: the top_level.txt of the distribution\'s *.dist-info or *.egg-info in '
        '/usr/lib/python3/dist-packages, else the modules beside it; namespaces as their dotted subpackages. '
        'Made by scripts/debian-top-level-names.py for the distributions the other files here do not show.',
        'date': datetime.date.today().isoformat(),
        'distributions': distributions,
        'packages': packages,
        'notFound': absent,
    }
    with open(OUTPUT, 'w', encoding='utf8') as f:
        f.write(json.dumps(data, indent=1, ensure_ascii=False) + '\n')
    print(f'{len(distributions)} distributions recorded, {len(absent)} not found: {OUTPUT}', file=sys.stderr)


if __name__ == '__main__':
    main()
