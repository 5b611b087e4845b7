import { CallHandler, createParamDecorator, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable, of } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { AppError } from './app-error';

/** An upload spooled to a temporary file (deleted when the response is done). */
export interface SpooledUpload {
  path: string;
  size: number;
  /** The multipart part's file name, if the client sent one. */
  filename?: string;
  /** The multipart part's type, or the request's Content-Type for a raw body. */
  contentType?: string;
}

type UploadRequest = Request & { upload?: SpooledUpload; file?: { path: string; size: number; originalname?: string; mimetype?: string } };

const MB = 1024 * 1024;
const tooLarge = (max: number) => new AppError(413, 'FILE_TOO_LARGE', `文件超过 ${Math.round(max / MB)} MB 的上限`);

/**
 * Receives the file of an upload route — after the guard, so nothing is read for a caller without rights — and
 * spools it to a temporary file, never to memory: either the raw request body (`--data-binary @file` with the file's
 * Content-Type), or the `file` field of a multipart/form-data request (what browsers and `curl -F file=@…` send;
 * multer, shipped with @nestjs/platform-express). Both stop at IMPORT_MAX_MB with 413 FILE_TOO_LARGE. The handler
 * gets the file with `@Upload()`; the file is deleted when the response closes.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly maxBytes: number;
  private readonly dir = join(tmpdir(), 'banshi-uploads');
  private readonly multipart: NestInterceptor;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.maxBytes = config.IMPORT_MAX_MB * MB;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const Multipart = FileInterceptor('file', {
      dest: this.dir,
      defParamCharset: 'utf8',
      limits: { fileSize: this.maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25 },
    });
    this.multipart = new Multipart();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const remove = (path: string) => res.once('close', () => void rm(path, { force: true }));
    if (req.is('multipart/form-data')) {
      try {
        await this.multipart.intercept(context, { handle: () => of(null) });
      } catch (e) {
        if (req.file) remove(req.file.path);
        if (e instanceof HttpException && e.getStatus() === 413) throw tooLarge(this.maxBytes);
        throw new AppError(400, 'UPLOAD_INVALID', '上传的表单有误：请把文件放在名为 file 的字段中，每次一个文件', [
          { field: 'file', message: (e as Error).message },
        ]);
      }
      if (!req.file) throw new AppError(400, 'FILE_MISSING', '表单中没有名为 file 的文件字段', [{ field: 'file', message: '缺少文件' }]);
      remove(req.file.path);
      req.upload = { path: req.file.path, size: req.file.size, filename: req.file.originalname, contentType: req.file.mimetype };
    } else {
      const path = join(this.dir, randomUUID());
      remove(path);
      const size = await this.spool(req, path);
      if (size === 0)
        throw new AppError(400, 'FILE_MISSING', '请在请求体中上传文件（XLSX、CSV 或 JSON），或用 multipart/form-data 的 file 字段', [
          { field: 'file', message: '缺少文件' },
        ]);
      req.upload = { path, size, contentType: req.headers['content-type'] };
    }
    return next.handle();
  }

  /** Writes the request body to `path`; past the limit the rest is read and dropped, and 413 answers. */
  private spool(req: Request, path: string): Promise<number> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBytes) {
      req.resume();
      return Promise.reject(tooLarge(this.maxBytes));
    }
    return new Promise((resolve, reject) => {
      const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > this.maxBytes) {
          req.off('data', onData);
          req.resume();
          out.destroy();
          reject(tooLarge(this.maxBytes));
          return;
        }
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      };
      req.on('data', onData);
      req.once('end', () => out.end(() => resolve(size)));
      req.once('error', reject);
      out.once('error', reject);
    });
  }
}

/** The upload UploadInterceptor received. */
export const Upload = createParamDecorator((_: unknown, ctx: ExecutionContext): SpooledUpload => ctx.switchToHttp().getRequest<UploadRequest>().upload!);
