/** Types of node-pin.mjs, which stays plain JavaScript to run on any Node npm runs on. */
export interface PinnedNode {
  version: string;
  /** Real path of its `node` binary. */
  bin: string;
}

export interface NodeOnPath {
  /** Real path. */
  path: string;
  /** What `node --version` printed; absent when it cannot run on this machine. */
  version?: string;
}

export interface Resolution {
  level: 'ok' | 'warn' | 'error';
  message: string;
}

export declare const PINNED_NODE: Readonly<Record<string, string>>;
export declare const PINNED_MAJOR: number;
export declare const MACHINE_MINIMUM_MAJOR: number;

export declare function resolveNode(input: {
  platform: string;
  arch: string;
  installed: Record<string, PinnedNode>;
  pathNode: NodeOnPath | undefined;
}): Resolution;

export declare function installedPins(nodeModules: string): Record<string, PinnedNode>;
export declare function nodeOnPath(path?: string): NodeOnPath | undefined;
