// The constraints of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) that a log for GitHub code
// scanning meets: required properties, enums and ranges on the objects this tool writes, and
// references between results and rules.

type Json = any;

const LEVELS = new Set(['none', 'note', 'warning', 'error']);

const isPositiveInteger = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

/** What in `log` breaks the schema; empty when it is valid. */
export function sarifProblems(log: Json): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  need(log && typeof log === 'object', 'the log is not an object');
  if (!log || typeof log !== 'object') return problems;
  need(log.version === '2.1.0', `version is ${JSON.stringify(log.version)}, not "2.1.0"`);
  need(typeof log.$schema === 'string' && /sarif-(schema-)?2\.1\.0/.test(log.$schema), `$schema ${JSON.stringify(log.$schema)} is not the 2.1.0 schema`);
  need(Array.isArray(log.runs), 'runs is not an array');
  if (!Array.isArray(log.runs)) return problems;
  log.runs.forEach((run: Json, r: number) => {
    const at = `runs[${r}]`;
    const driver = run?.tool?.driver;
    need(driver && typeof driver === 'object', `${at}.tool.driver is missing`);
    if (!driver) return;
    need(typeof driver.name === 'string' && driver.name.length > 0, `${at}.tool.driver.name is missing`);
    const rules: Json[] = driver.rules ?? [];
    need(Array.isArray(rules), `${at}.tool.driver.rules is not an array`);
    const ruleIds = new Set<string>();
    rules.forEach((rule, i) => {
      need(typeof rule?.id === 'string', `${at}.tool.driver.rules[${i}].id is missing`);
      need(!ruleIds.has(rule?.id), `${at}.tool.driver.rules[${i}].id '${rule?.id}' is repeated`);
      ruleIds.add(rule?.id);
      for (const key of ['shortDescription', 'fullDescription', 'help']) {
        if (rule?.[key] !== undefined) need(typeof rule[key].text === 'string', `${at}.tool.driver.rules[${i}].${key}.text is missing`);
      }
    });
    need(Array.isArray(run.results), `${at}.results is not an array`);
    (run.results ?? []).forEach((result: Json, i: number) => {
      const rat = `${at}.results[${i}]`;
      need(typeof result?.message?.text === 'string' || typeof result?.message?.id === 'string', `${rat}.message has neither text nor id`);
      if (result.level !== undefined) need(LEVELS.has(result.level), `${rat}.level '${result.level}' is not one of ${[...LEVELS].join(', ')}`);
      if (result.ruleId !== undefined) need(ruleIds.has(result.ruleId), `${rat}.ruleId '${result.ruleId}' is not a rule of the driver`);
      if (result.ruleIndex !== undefined) need(rules[result.ruleIndex]?.id === result.ruleId, `${rat}.ruleIndex ${result.ruleIndex} is not rule '${result.ruleId}'`);
      need(Array.isArray(result.locations) && result.locations.length > 0, `${rat}.locations is empty (code scanning needs one)`);
      (result.locations ?? []).forEach((location: Json, l: number) => {
        const lat = `${rat}.locations[${l}].physicalLocation`;
        const physical = location?.physicalLocation;
        need(physical && (physical.artifactLocation || physical.address), `${lat} has neither artifactLocation nor address`);
        if (!physical?.artifactLocation) return;
        const uri = physical.artifactLocation.uri;
        need(typeof uri === 'string' && uri.length > 0 && !uri.startsWith('/'), `${lat}.artifactLocation.uri ${JSON.stringify(uri)} is not relative to the repository`);
        const region = physical.region;
        if (!region) return;
        need(isPositiveInteger(region.startLine), `${lat}.region.startLine ${region.startLine} is not >= 1`);
        for (const key of ['startColumn', 'endLine', 'endColumn']) {
          if (region[key] !== undefined) need(isPositiveInteger(region[key]), `${lat}.region.${key} ${region[key]} is not >= 1`);
        }
        if (region.endLine !== undefined) need(region.endLine >= region.startLine, `${lat}.region ends before it starts`);
      });
    });
  });
  return problems;
}
