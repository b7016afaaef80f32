/**
 * The property names esbuild may shorten in a browser script (its `mangleProps`): the names of the
 * script's own class members (fields, methods, accessors, parameter properties) that nothing else in the
 * script shares. esbuild renames every `.name` it matches, whatever object it is on, so a name qualifies
 * only when the TypeScript checker finds every one of its uses to be a member of a class written in
 * `under` (web/): never a DOM or library property, never a key of an object literal or interface (frames,
 * stored items, options), never written as a string ('name' in x, x['name']), and never a property of a
 * class instance handed to library code (JSON.stringify, Object.entries). The classes' methods keep
 * working because all their callers are in the same script and are renamed with them.
 *
 * The analysis takes seconds, so builds do not run it: the widget's names are kept in
 * widget-mangled-names.ts (`npm run -s widget:names` writes them), and a unit test checks that every name
 * kept there is still one this analysis allows. TypeScript is a development dependency, loaded only here.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';

/** Names that JavaScript or the browser look up on any object by name. */
const PROTOCOL_NAMES = new Set([
  'constructor',
  'handleEvent',
  'length',
  'next',
  'prototype',
  'then',
  'toJSON',
  'toString',
  'valueOf',
]);

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * The class member names of the script built from `entry` that can be shortened safely, sorted. Several
 * entries (scripts that work together, as the widget's launcher and panel) are read as one program: a
 * name either of them shares with anything is left out.
 */
export async function mangleableNames(
  entry: string | readonly string[],
  options: { readonly under?: string; readonly tsconfig?: string } = {},
): Promise<string[]> {
  const ts = (await import('typescript')).default;
  const under = path.resolve(options.under ?? path.join(ROOT, 'web')) + path.sep;
  const config = ts.getParsedCommandLineOfConfigFile(
    options.tsconfig ?? path.join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('mangleableNames: tsconfig.json could not be read');
  const program = ts.createProgram(typeof entry === 'string' ? [entry] : [...entry], {
    ...config.options,
    types: [],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const members = new Set<string>();
  const shared = new Set<string>();

  const isOwnClassMember = (declaration: TypeScript.Declaration): boolean =>
    (ts.isPropertyDeclaration(declaration) ||
      ts.isMethodDeclaration(declaration) ||
      ts.isGetAccessorDeclaration(declaration) ||
      ts.isSetAccessorDeclaration(declaration) ||
      (ts.isParameter(declaration) && ts.isParameterPropertyDeclaration(declaration, declaration.parent))) &&
    path.resolve(declaration.getSourceFile().fileName).startsWith(under);

  const noteUse = (name: TypeScript.Identifier): void => {
    const declarations = checker.getSymbolAtLocation(name)?.declarations ?? [];
    if (declarations.length > 0 && declarations.every(isOwnClassMember)) members.add(name.text);
    else shared.add(name.text);
  };

  const isPropertyName = (node: TypeScript.Identifier): boolean => {
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
    if (ts.isShorthandPropertyAssignment(parent)) return true;
    if (ts.isBindingElement(parent))
      return (
        parent.propertyName === node || (!parent.propertyName && ts.isObjectBindingPattern(parent.parent))
      );
    if (ts.isParameter(parent))
      return parent.name === node && ts.isParameterPropertyDeclaration(parent, parent.parent);
    return (
      (ts.isPropertyAssignment(parent) ||
        ts.isPropertyDeclaration(parent) ||
        ts.isMethodDeclaration(parent) ||
        ts.isGetAccessorDeclaration(parent) ||
        ts.isSetAccessorDeclaration(parent) ||
        ts.isPropertySignature(parent) ||
        ts.isMethodSignature(parent) ||
        ts.isEnumMember(parent)) &&
      parent.name === node
    );
  };

  /** Every property of a value's type counts as shared (it is looked up by name, or by library code). */
  const shareProperties = (expression: TypeScript.Expression): void => {
    for (const property of checker.getTypeAtLocation(expression).getProperties()) shared.add(property.name);
  };

  const isLibraryCall = (call: TypeScript.CallExpression | TypeScript.NewExpression): boolean => {
    const declaration = checker.getResolvedSignature(call)?.getDeclaration();
    return declaration === undefined || declaration.getSourceFile().isDeclarationFile;
  };

  const visit = (node: TypeScript.Node): void => {
    if (ts.isStringLiteralLike(node)) shared.add(node.text);
    else if (ts.isIdentifier(node) && isPropertyName(node)) noteUse(node);
    else if (ts.isElementAccessExpression(node) && !ts.isStringLiteralLike(node.argumentExpression))
      shareProperties(node.expression);
    else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && isLibraryCall(node))
      for (const argument of node.arguments ?? []) shareProperties(argument);
    else if (ts.isSpreadAssignment(node) || ts.isSpreadElement(node) || ts.isForInStatement(node))
      shareProperties(node.expression);
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword)
      shareProperties(node.right);
    ts.forEachChild(node, visit);
  };
  for (const file of program.getSourceFiles()) if (!file.isDeclarationFile) visit(file);

  return [...members].filter((name) => !shared.has(name) && !PROTOCOL_NAMES.has(name)).sort();
}
