// Drives augur's finetunes API with the official Cloudflare SDK (npm `cloudflare`), as a Workers AI user would:
// ai.finetunes.create, ai.finetunes.assets.create (both files), ai.finetunes.list, ai.finetunes.public.list, then
// ai.run with `lora` (and without, to compare).
// usage: node finetunes.mjs BASE_URL ACCOUNT_ID API_TOKEN MODEL ADAPTER_CONFIG ADAPTER_WEIGHTS
import { readFile } from 'node:fs/promises';
import Cloudflare, { toFile } from 'cloudflare';

const [baseUrl, accountId, apiToken, model, configPath, weightsPath] = process.argv.slice(2);
if (!weightsPath) {
  console.error('usage: node finetunes.mjs BASE_URL ACCOUNT_ID API_TOKEN MODEL ADAPTER_CONFIG ADAPTER_WEIGHTS');
  process.exit(2);
}

const client = new Cloudflare({ baseURL: `${baseUrl.replace(/\/$/, '')}/client/v4`, apiToken, maxRetries: 0, timeout: 60_000 });

const created = await client.ai.finetunes.create({ account_id: accountId, model, name: 'sdk-lora', description: 'made by the SDK test' });
// `file` before `file_name`: the form's parts come in the order given
const uploads = [];
for (const [name, path] of [['adapter_config.json', configPath], ['adapter_model.safetensors', weightsPath]]) {
  const file = await toFile(await readFile(path), name);
  uploads.push(await client.ai.finetunes.assets.create(created.id, { account_id: accountId, file, file_name: name }));
}
const listed = await client.ai.finetunes.list({ account_id: accountId });
const publicList = [];
for await (const entry of client.ai.finetunes.public.list({ account_id: accountId })) publicList.push(entry);

const withLora = await client.ai.run(model, { account_id: accountId, prompt: 'Once upon a time', max_tokens: 24, temperature: 0, lora: 'sdk-lora' });
const withoutLora = await client.ai.run(model, { account_id: accountId, prompt: 'Once upon a time', max_tokens: 24, temperature: 0 });

console.log(JSON.stringify({ created, uploads, listed, public: publicList, withLora, withoutLora }));
