import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify's request lines, less those of customers' messages: Fastify writes two lines per request at info
 * ("incoming request", "request completed"), which for POST /api/messages is two lines formatted and
 * redacted per turn. Above debug, such a request writes one line only when it is refused or fails (status
 * 400 and up, or an error); at debug and trace every request has both lines, as before.
 */
export class RequestLog extends LogController {
  /** `quietRoutes`: `METHOD /route` (Fastify's route pattern) of the requests that are logged only when refused. */
  constructor(private readonly quietRoutes: ReadonlySet<string>) {
    super();
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.quiet(request)) return;
    super.incomingRequest(request, reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error || !this.quiet(request)) return super.requestCompleted(error, request, reply);
    if (reply.statusCode < 400) return;
    // Its "incoming request" line was left out: this one says which request it was.
    reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }

  private quiet(request: FastifyRequest): boolean {
    return (
      !VERBOSE_LEVELS.has(request.log.level) &&
      this.quietRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)
    );
  }
}

const VERBOSE_LEVELS: ReadonlySet<string> = new Set(['debug', 'trace']);

/** The routes that every turn of a customer goes through. */
export const TURN_ROUTES: ReadonlySet<string> = new Set(['POST /api/messages']);
