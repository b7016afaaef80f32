import { RedisScript } from '../core/redis-script.ts';

/**
 * The Lua steps of a turn on one conversation's keys (KEYS[1] the conversation hash, KEYS[2] its transcript
 * stream, KEYS[3] its search terms; all tagged with the conversation id, so they share a Cluster slot).
 */

/**
 * Creates the conversation on its first message; returns its hash and newest ARGV[6] entries (only those
 * whose JSON begins with ARGV[7], when it is not '').
 */
export const OPEN_TURN = new RedisScript(`
if redis.call('HSETNX', KEYS[1], 'id', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'channel', ARGV[2], 'customerId', ARGV[3], 'state', 'bot',
    'createdAt', ARGV[4], 'updatedAt', ARGV[4], 'greeted', '0', 'failedAnswers', '0')
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
end
local recent = {}
if tonumber(ARGV[6]) > 0 then
  recent = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[6])
  local prefix = ARGV[7]
  if prefix ~= '' then
    local kept = {}
    for _, row in ipairs(recent) do
      if string.sub(row[2][2], 1, #prefix) == prefix then kept[#kept + 1] = row end
    end
    recent = kept
  end
end
return {redis.call('HGETALL', KEYS[1]), recent}`);

/**
 * Writes a whole turn at once, unless this turn id is already the conversation's latest committed turn:
 * the entries (XADD), their search terms (KEYS[3], a hash: entry id → its terms, space-separated), the
 * conversation's changes and the turn record (field lastTurn; one HSET with the changes, one HDEL). Trims entries (and their terms) older than
 * the retention and renews the keys' time to live.
 * When given an events channel, it also announces the turn there (RedisConversationEvents' channel and
 * format): first an event given whole (the language), then each entry with its new id.
 * ARGV: turn id, retention ms, fields to set (JSON object), fields to remove (JSON array), the result
 * (JSON), the events channel or '', a first event or '', the terms of each entry (JSON array of strings,
 * '' for none), then one JSON text per entry.
 */
export const COMMIT_TURN = new RedisScript(`
local last = redis.call('HGET', KEYS[1], 'lastTurn')
if last and cjson.decode(last).id == ARGV[1] then
  return {0, last, redis.call('HGETALL', KEYS[1])}
end
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('CONVERSATION_NOT_FOUND') end
local ids = {}
for i = 9, #ARGV do ids[#ids + 1] = redis.call('XADD', KEYS[2], '*', 'e', ARGV[i]) end
local retention = tonumber(ARGV[2])
if #ids > 0 then
  local terms = cjson.decode(ARGV[8])
  for i, id in ipairs(ids) do
    if terms[i] and terms[i] ~= '' then redis.call('HSET', KEYS[3], id, terms[i]) end
  end
  local newest = tonumber(string.match(ids[#ids], '^(%d+)'))
  local oldest = math.max(0, newest - retention)
  for _, old in ipairs(redis.call('XRANGE', KEYS[2], '-', '(' .. oldest .. '-0', 'COUNT', 1000)) do
    redis.call('HDEL', KEYS[3], old[1])
  end
  redis.call('XTRIM', KEYS[2], 'MINID', oldest)
end
local idsJson = '[]'
if #ids > 0 then idsJson = cjson.encode(ids) end
local record = '{"id":' .. cjson.encode(ARGV[1]) .. ',"stage":"committed","entryIds":' .. idsJson ..
  ',"result":' .. ARGV[5] .. '}'
local fields = {'lastTurn', record}
for field, value in pairs(cjson.decode(ARGV[3])) do
  fields[#fields + 1] = field
  fields[#fields + 1] = value
end
redis.call('HSET', KEYS[1], unpack(fields))
local removed = cjson.decode(ARGV[4])
if #removed > 0 then redis.call('HDEL', KEYS[1], unpack(removed)) end
redis.call('PEXPIRE', KEYS[1], retention)
redis.call('PEXPIRE', KEYS[2], retention)
redis.call('PEXPIRE', KEYS[3], retention)
if ARGV[6] ~= '' then
  if ARGV[7] ~= '' then redis.call('PUBLISH', ARGV[6], ARGV[7]) end
  for i, id in ipairs(ids) do
    local entry = ARGV[8 + i]
    redis.call('PUBLISH', ARGV[6], '{"type":"entry","entry":{"id":' .. cjson.encode(id) .. ',' .. string.sub(entry, 2) .. '}')
  end
end
return {1, record, redis.call('HGETALL', KEYS[1]), ids}`);

/**
 * Appends one entry outside a turn (an agent's reply, a notice): KEYS[1] the conversation hash, KEYS[2] its
 * transcript, KEYS[3] its search terms. ARGV: the entry (JSON), retention ms, its terms ('' for none). Trims
 * entries and terms older than the retention, renews the three keys; returns the entry's id.
 */
export const APPEND_ENTRY = new RedisScript(`
local id = redis.call('XADD', KEYS[2], '*', 'e', ARGV[1])
local retention = tonumber(ARGV[2])
local at = tonumber(string.match(id, '^(%d+)'))
if ARGV[3] ~= '' then redis.call('HSET', KEYS[3], id, ARGV[3]) end
local oldest = math.max(0, at - retention)
for _, old in ipairs(redis.call('XRANGE', KEYS[2], '-', '(' .. oldest .. '-0', 'COUNT', 1000)) do
  redis.call('HDEL', KEYS[3], old[1])
end
redis.call('XTRIM', KEYS[2], 'MINID', oldest)
redis.call('PEXPIRE', KEYS[1], retention)
redis.call('PEXPIRE', KEYS[2], retention)
redis.call('PEXPIRE', KEYS[3], retention)
return id`);

/** Moves the latest turn's record to a later stage, if it is still this turn's. */
export const MARK_TURN = new RedisScript(`
local last = redis.call('HGET', KEYS[1], 'lastTurn')
if not last or cjson.decode(last).id ~= ARGV[1] then return 0 end
local marked = string.gsub(last, '"stage":"%a+"', '"stage":"' .. ARGV[2] .. '"', 1)
redis.call('HSET', KEYS[1], 'lastTurn', marked)
return 1`);

/**
 * KEYS[1] a customer's hash, KEYS[2] the set of their conversations (same hash tag). Notes the customer seen
 * now (first seen once) in conversation ARGV[4] (when not ''), renews both, returns the customer.
 */
export const TOUCH_CUSTOMER = new RedisScript(`
redis.call('HSETNX', KEYS[1], 'firstSeen', ARGV[1])
redis.call('HSET', KEYS[1], 'lastSeen', ARGV[1])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'displayName', ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if ARGV[4] ~= '' then
  redis.call('SADD', KEYS[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return redis.call('HGETALL', KEYS[1])`);
