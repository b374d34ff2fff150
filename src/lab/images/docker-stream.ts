// The Docker engine answers build, import and pull with a stream of JSON
// lines, and reports failure inside that stream (an "error" member) while
// the HTTP status says 200. This reads such a stream to its end, hands each
// message on, and turns an in-stream error into a thrown one.

export interface DockerMessage {
  readonly stream?: string;
  readonly status?: string;
  readonly id?: string;
  readonly progress?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly aux?: { readonly ID?: string };
}

/** The engine refused the operation; the message is the engine's own. */
export class DockerStreamError extends Error {
  override readonly name = "DockerStreamError";
}

export async function* dockerMessages(stream: AsyncIterable<Buffer | string>): AsyncGenerator<DockerMessage> {
  let pending = "";
  const parse = (line: string): DockerMessage | undefined => {
    const text = line.trim();
    if (text === "") return undefined;
    try {
      return JSON.parse(text) as DockerMessage;
    } catch (error) {
      throw new Error(`the Docker engine sent a line that is not JSON: ${text.slice(0, 200)}`, { cause: error });
    }
  };
  for await (const chunk of stream) {
    pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const message = parse(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (message) yield message;
    }
  }
  const last = parse(pending);
  if (last) yield last;
}

/**
 * Reads the stream to its end. Throws DockerStreamError on the first message
 * that reports an error; returns every message otherwise.
 */
export async function followDockerStream(
  stream: AsyncIterable<Buffer | string>,
  onMessage: (message: DockerMessage) => void = () => {},
): Promise<DockerMessage[]> {
  const messages: DockerMessage[] = [];
  for await (const message of dockerMessages(stream)) {
    const failure = message.errorDetail?.message ?? message.error;
    if (failure !== undefined) throw new DockerStreamError(failure.trim());
    messages.push(message);
    onMessage(message);
  }
  return messages;
}
