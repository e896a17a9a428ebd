import ts from 'typescript';
import { readFileSync, writeFileSync } from 'node:fs';
const root = '/work/wt-responses/';
const files = process.argv.slice(2);
const config = ts.getParsedCommandLineOfConfigFile(root + 'tsconfig.json', {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} } as any)!;
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const checker = program.getTypeChecker();
const named = new Map<string, string>(); // name -> zod text
const order: string[] = [];
const inProgress = new Set<string>();
const lc = (n: string) => n[0]!.toLowerCase() + n.slice(1);
function nameOf(t: ts.Type): string | undefined {
  const s = t.aliasSymbol ?? t.getSymbol();
  if (!s) return undefined;
  const n = s.getName();
  if (n.startsWith('__') || n === 'Array' || n === 'ReadonlyArray' || n === 'Promise' || n === 'Record' || n === 'Partial' || n === 'Pick' || n === 'Omit' || n === 'Readonly') return undefined;
  if (t.aliasTypeArguments?.length || (t as any).typeArguments?.length) return undefined;
  return n;
}
function zod(t: ts.Type, depth = 0, top = false): string {
  if (depth > 12) return 'z.unknown()';
  const f = t.flags;
  if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return 'z.unknown()';
  if (f & ts.TypeFlags.StringLiteral) return `z.literal(${JSON.stringify((t as ts.StringLiteralType).value)})`;
  if (f & ts.TypeFlags.NumberLiteral) return `z.literal(${(t as ts.NumberLiteralType).value})`;
  if (f & ts.TypeFlags.BooleanLiteral) return `z.literal(${checker.typeToString(t)})`;
  if (f & ts.TypeFlags.String) return 'z.string()';
  if (f & ts.TypeFlags.Number) return 'z.number()';
  if (f & ts.TypeFlags.Boolean) return 'z.boolean()';
  if (f & ts.TypeFlags.Null) return 'z.null()';
  if (f & ts.TypeFlags.Undefined || f & ts.TypeFlags.Void) return 'z.undefined()';
  if (t.isUnion()) {
    let parts = t.types.filter((x) => !(x.flags & ts.TypeFlags.Undefined));
    const nullable = parts.some((x) => x.flags & ts.TypeFlags.Null);
    parts = parts.filter((x) => !(x.flags & ts.TypeFlags.Null));
    const bools = parts.filter((x) => x.flags & ts.TypeFlags.BooleanLiteral);
    let inner: string;
    if (bools.length === 2) parts = [...parts.filter((x) => !(x.flags & ts.TypeFlags.BooleanLiteral)), checker.getBooleanType()];
    if (parts.length > 0 && parts.every((x) => x.flags & ts.TypeFlags.StringLiteral)) {
      inner = `z.enum([${parts.map((x) => JSON.stringify((x as ts.StringLiteralType).value)).join(', ')}])`;
    } else if (parts.length === 1) inner = zod(parts[0]!, depth + 1);
    else inner = `z.union([${parts.map((x) => zod(x, depth + 1)).join(', ')}])`;
    return nullable ? `${inner}.nullable()` : inner;
  }
  if (checker.isArrayType(t) || checker.isTupleType(t)) {
    const args = checker.getTypeArguments(t as ts.TypeReference);
    if (checker.isTupleType(t)) return `z.tuple([${args.map((a) => zod(a, depth + 1)).join(', ')}])`;
    return `z.array(${zod(args[0]!, depth + 1)})`;
  }
  if (f & ts.TypeFlags.Object || t.isIntersection()) {
    const n = nameOf(t);
    if (n && !t.isIntersection()) {
      const id = `${lc(n)}Schema`;
      if (!named.has(id) && !inProgress.has(id)) {
        inProgress.add(id);
        const body = objectZod(t, depth);
        named.set(id, `${body}.meta({ id: '${n}' })`);
        order.push(id);
        inProgress.delete(id);
      }
      return id;
    }
    return objectZod(t, depth);
  }
  return `z.unknown() /* ${checker.typeToString(t)} */`;
}
function objectZod(t: ts.Type, depth: number): string {
  const props = checker.getPropertiesOfType(t);
  const index = checker.getIndexInfoOfType(t, ts.IndexKind.String);
  if (props.length === 0 && index) return `z.record(z.string(), ${zod(index.type, depth + 1)})`;
  if (props.length === 0) return 'z.object({})';
  const lines = props.map((p) => {
    const pt = checker.getTypeOfSymbol(p);
    const optional = (p.flags & ts.SymbolFlags.Optional) || (pt.isUnion() && pt.types.some((x) => x.flags & ts.TypeFlags.Undefined));
    const key = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
    return `${key}: ${zod(pt, depth + 1)}${optional ? '.optional()' : ''}`;
  });
  return `z.object({ ${lines.join(', ')} })`;
}
const out: string[] = [];
for (const file of files) {
  const sf = program.getSourceFile(root + file)!;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'route' && node.arguments.length === 2) {
      const spec = node.arguments[0]!.getText(sf);
      const def = node.arguments[1]!;
      if (ts.isObjectLiteralExpression(def)) {
        const handle = def.properties.find((p) => p.name?.getText(sf) === 'handle');
        const hasResp = def.properties.some((p) => p.name?.getText(sf) === 'response');
        if (handle && !hasResp) {
          const ht = checker.getTypeAtLocation(handle);
          const sig = ht.getCallSignatures()[0]!;
          let rt = checker.getAwaitedType(sig.getReturnType())!;
          const members = rt.isUnion() ? rt.types : [rt];
          const bodies: ts.Type[] = [];
          for (const m of members) { const b = m.getProperty('body'); if (b) bodies.push(checker.getTypeOfSymbol(b)); }
          const text = handle.getText(sf);
          const statuses = [...new Set([...text.matchAll(/status: (\d{3})/g)].map((x) => x[1]))];
          const created = /created\(/.test(text);
          const name = spec.replace(/^routes\./, '');
          const bodyZod = bodies.length === 0 ? 'NONE' : bodies.length === 1 ? zod(bodies[0]!, 0, true) : `z.union([${bodies.map((b) => zod(b, 0, true)).join(', ')}])`;
          out.push(JSON.stringify({ file, name, spec, statuses, created, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, bodyZod }));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
writeFileSync(process.env.OUT + '.jsonl', out.join('\n') + '\n');
writeFileSync(process.env.OUT + '.named.ts', order.map((id) => `export const ${id} = ${named.get(id)};`).join('\n\n') + '\n');
console.log(out.length, order.length);
