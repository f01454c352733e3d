// 重复提交保护: a submission whose answer was lost (the network cut, a server restarted)
// is sent again with the same clientMutationId, and the gateway answers with the request it
// already made instead of making a second one. A changed form is a new submission, with a
// new key; after a success the next submission starts afresh.

/** The input field that carries the key. */
export const KEY_FIELD = "clientMutationId";

function newKey(): string {
  // getRandomValues works on plain http too (randomUUID needs a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function resendable() {
  let sent = "";
  let key = "";
  return {
    /** The key for this input: the same as last time when the input is the same. */
    keyFor(input: unknown): string {
      const text = JSON.stringify(input);
      if (text !== sent) {
        sent = text;
        key = newKey();
      }
      return key;
    },
    /** The submission went through: the next one is a new one. */
    done() {
      sent = "";
    },
  };
}
