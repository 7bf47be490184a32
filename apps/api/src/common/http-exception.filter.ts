import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ErrorCode, ErrorResponse, FieldError } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { ZodError } from 'zod';
import { DomainError } from './domain-error';

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** One entry per field (the first problem found), so clients can show one message under each input. */
export function zodIssuesToFields(error: ZodError): FieldError[] {
  const fields = error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [path, key].filter(Boolean).join('.'), message: 'unknown field' }));
    }
    return [{ path: path || '(body)', message: issue.message }];
  });
  return fields.filter((field, index) => fields.findIndex((other) => other.path === field.path) === index);
}

/** Errors raised by body-parser before any route runs (too large, malformed JSON, bad charset). */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

function fromBodyParser(exception: unknown): DomainError | null {
  const error = exception as BodyParserError;
  if (typeof error?.type !== 'string') return null;
  switch (error.type) {
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', 'Request body is too large');
    case 'entity.parse.failed':
      return new DomainError('BAD_REQUEST', 'Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported request body encoding');
    default:
      return (error.status ?? error.statusCode ?? 500) < 500 ? new DomainError('BAD_REQUEST', 'Request body could not be read') : null;
  }
}

export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof ZodValidationException) {
    const zodError = exception.getZodError();
    const fields = zodError instanceof ZodError ? zodIssuesToFields(zodError) : [];
    const summary = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
    return new DomainError('VALIDATION_FAILED', `Invalid request: ${summary}`, { fields });
  }
  const parserError = fromBodyParser(exception);
  if (parserError) return parserError;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_TO_CODE[status] ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL');
    const message = status === 404 ? 'Not found' : status < 500 ? exception.message : 'Internal error';
    return new DomainError(code, message);
  }
  return new DomainError('INTERNAL', 'Internal error');
}

/** The one place domain errors become HTTP responses: a code, a message, never a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    const error = toDomainError(exception);
    if (error.status >= 500) {
      const detail = exception instanceof Error ? `${exception.name}: ${exception.message}` : 'non-error thrown';
      this.logger.error(`${request.method} ${request.path} failed: ${detail}`);
    }
    if (response.headersSent) return;
    if (error.extra.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(error.extra.retryAfterSeconds));
    const body: ErrorResponse = {
      error: {
        code: error.code,
        message: error.message,
        ...(error.extra.fields ? { fields: error.extra.fields } : {}),
        ...(error.extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.extra.retryAfterSeconds } : {}),
      },
    };
    response.status(error.status).json(body);
  }
}
