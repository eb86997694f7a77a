/** Label selectors as the HPA controller and kubectl top send them: `a=b,c!=d,e in (x,y),f,!g`. */
export function parseSelector(text: string | null): (labels: Record<string, string>) => boolean {
  if (!text) return () => true;
  const tests = text
    .split(/,(?![^(]*\))/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part): ((labels: Record<string, string>) => boolean) => {
      const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
      if (set) {
        const values = set[3]!.split(',').map((v) => v.trim());
        return (labels) => (set[2] === 'in') === (labels[set[1]!] !== undefined && values.includes(labels[set[1]!]!));
      }
      const notEqual = /^([^!=]+)!=(.*)$/.exec(part);
      if (notEqual) return (labels) => labels[notEqual[1]!.trim()] !== notEqual[2]!.trim();
      const equal = /^([^!=]+)==?(.*)$/.exec(part);
      if (equal) return (labels) => labels[equal[1]!.trim()] === equal[2]!.trim();
      if (part.startsWith('!')) return (labels) => !(part.slice(1) in labels);
      return (labels) => part in labels;
    });
  return (labels) => tests.every((test) => test(labels));
}
