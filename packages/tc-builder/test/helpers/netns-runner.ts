import type {
  Command,
  CommandRunner,
  RunOptions,
  RunResult,
  StreamingRun,
  StreamOptions,
} from "@dom0kit/runner";

/** Runs every command inside a network namespace (`ip netns exec NAME …`), recording what ran. */
export class NetnsRunner implements CommandRunner {
  readonly commands: Command[] = [];

  constructor(
    readonly namespace: string,
    readonly inner: CommandRunner,
  ) {}

  #wrap(command: Command): Command {
    this.commands.push(command);
    return { ...command, file: "ip", args: ["netns", "exec", this.namespace, command.file, ...command.args] };
  }

  async run(command: Command, options?: RunOptions): Promise<RunResult> {
    const result = await this.inner.run(this.#wrap(command), options);
    return { ...result, command };
  }

  stream(pipeline: Command | readonly Command[], options?: StreamOptions): StreamingRun {
    const commands = Array.isArray(pipeline) ? (pipeline as readonly Command[]) : [pipeline as Command];
    return this.inner.stream(
      commands.map((command) => this.#wrap(command)),
      options,
    );
  }

  /** Forget the recorded commands. */
  reset(): void {
    this.commands.length = 0;
  }
}
