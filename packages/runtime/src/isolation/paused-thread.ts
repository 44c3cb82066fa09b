/**
 * Ending an edge thread a debugger holds paused (`--inspect`). `Worker.terminate()` waits while a
 * debugger keeps the thread in its pause loop, so the pool first resumes it with V8's
 * `terminateOnResume`: through a session of this process's inspector, attached to that thread by
 * the NodeWorker domain, as DevTools attaches. The paused code then ends where it stood.
 */

/** How long the thread's inspector may take to answer; past it, terminate() is left to wait. */
const ANSWER_MS = 1000;

interface AttachedToWorker {
  params: { sessionId: string; workerInfo: { title: string } };
}

interface FromWorker {
  params: { sessionId: string; message: string };
}

export async function resumeIntoTermination(threadId: number): Promise<void> {
  // Loaded here: only a process that debugs its threads needs it.
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    const answered = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`edge thread ${threadId} did not answer its debugger within ${ANSWER_MS} ms`)), ANSWER_MS);
      let target: string | undefined;
      session.on('NodeWorker.attachedToWorker', (message: AttachedToWorker) => {
        // The inspector numbers workers its own way; the title names the thread: "[worker 3] ...".
        if (!message.params.workerInfo.title.startsWith(`[worker ${threadId}]`)) return;
        const sessionId = message.params.sessionId;
        target = sessionId;
        const send = (id: number, method: string, params: object): void => {
          session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        };
        send(1, 'Debugger.enable', {});
        send(2, 'Debugger.resume', { terminateOnResume: true });
      });
      session.on('NodeWorker.receivedMessageFromWorker', (message: FromWorker) => {
        if (message.params.sessionId === target && (JSON.parse(message.params.message) as { id?: number }).id === 2) resolve();
      });
    });
    await session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await answered;
  } finally {
    clearTimeout(timer);
    session.disconnect();
  }
}
