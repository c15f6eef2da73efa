// The peer for the side-by-side benchmark: compromise (people, places, organisations) plus
// compromise-dates (dates) over the same JSONL corpus Mosaic reads. Prints one JSON line of counts to
// stdout so that the harness can check both did real work; timing is taken outside the process.
import fs from 'node:fs';
import readline from 'node:readline';
import nlp from 'compromise';
import datePlugin from 'compromise-dates';

nlp.plugin(datePlugin);
const file = process.argv[2];
const rl = readline.createInterface({input: fs.createReadStream(file, {encoding: 'utf8'}), crlfDelay: Infinity});
let docs = 0, people = 0, places = 0, orgs = 0, dates = 0, words = 0;
for await (const line of rl) {
  if (!line.trim()) continue;
  const art = JSON.parse(line);
  const doc = nlp(art.text);
  people += doc.people().length;
  places += doc.places().length;
  orgs += doc.organizations().length;
  dates += doc.dates().length;
  words += doc.wordCount();
  docs++;
}
console.log(JSON.stringify({docs, words, people, places, orgs, dates}));
