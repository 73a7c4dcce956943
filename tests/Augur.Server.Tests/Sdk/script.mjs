// Drives augur serve with the official Cloudflare SDK (npm `cloudflare`), as a Workers AI user would.
// usage: node script.mjs BASE_URL ACCOUNT_ID API_TOKEN MODEL
// Prints one JSON object on stdout with what each call returned; exits non-zero (with the error on stderr) on failure.
import Cloudflare from 'cloudflare';

const [baseUrl, accountId, apiToken, model] = process.argv.slice(2);
if (!baseUrl || !accountId || !apiToken || !model) {
  console.error('usage: node script.mjs BASE_URL ACCOUNT_ID API_TOKEN MODEL');
  process.exit(2);
}

const client = new Cloudflare({ baseURL: `${baseUrl.replace(/\/$/, '')}/client/v4`, apiToken, maxRetries: 0, timeout: 60_000 });

// ai.run with a prompt, then with messages: the SDK unwraps the envelope's `result`.
const prompt = await client.ai.run(model, { account_id: accountId, prompt: 'Once upon a time', max_tokens: 12, seed: 7 });
const messages = await client.ai.run(model, {
  account_id: accountId,
  messages: [{ role: 'system', content: 'You tell short stories.' }, { role: 'user', content: 'Tell me about a cat.' }],
  max_tokens: 12,
  seed: 7,
});

// ai.run with stream: true answers server-sent events; the SDK has no SSE decoder for this route, so read the
// response it made (same URL, same token) and take the events apart here.
const response = await client.ai.run(model, { account_id: accountId, prompt: 'Once upon a time', max_tokens: 12, seed: 7, stream: true }).asResponse();
const stream = { contentType: response.headers.get('content-type'), events: 0, text: '', usage: null, done: false };
const decoder = new TextDecoder();
let pending = '';
for await (const chunk of response.body) {
  pending += decoder.decode(chunk, { stream: true });
  let end;
  while ((end = pending.indexOf('\n\n')) >= 0) {
    const event = pending.slice(0, end);
    pending = pending.slice(end + 2);
    if (!event.startsWith('data: ')) throw new Error(`not an SSE data event: ${JSON.stringify(event)}`);
    const data = event.slice('data: '.length);
    if (data === '[DONE]') { stream.done = true; continue; }
    const parsed = JSON.parse(data);
    stream.events++;
    stream.text += parsed.response;
    if (parsed.usage) stream.usage = parsed.usage;
  }
}

// ai.models.list: a V4PagePaginationArray page; iterate it all.
const listed = [];
for await (const entry of client.ai.models.list({ account_id: accountId })) listed.push(entry);

console.log(JSON.stringify({ prompt, messages, stream, models: listed }));
