import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Access, AllowPending, CurrentActor, RequestOrigin } from './access.decorator';
import type { Actor, Origin } from './actor';
import { AccountsService } from './accounts.service';
import { ChangePasswordDto, MeResponse, SignInDto, SignInResult, TotpCodeDto, TotpSetupResponse } from './auth.dto';
import { SessionsService } from './sessions.service';

@ApiTags('auth 登录')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accounts: AccountsService,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({ summary: '登录，返回会话令牌（Bearer）' })
  @ApiTooManyRequestsResponse({ description: '登录失败过多被锁定 SIGN_IN_LOCKED，或请求过于频繁 RATE_LIMITED' })
  signIn(@Body() dto: SignInDto, @RequestOrigin() origin: Origin): Promise<SignInResult> {
    return this.sessions.signIn(dto.login, dto.password, dto.totp, origin);
  }

  @Post('sign-out')
  @HttpCode(204)
  @Access('staff')
  @AllowPending()
  signOut(@CurrentActor() actor: Actor) {
    return this.sessions.signOut(actor);
  }

  @Get('me')
  @Access('staff')
  @AllowPending()
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.accounts.me(actor);
  }

  @Post('password')
  @HttpCode(204)
  @Access('staff')
  @AllowPending()
  @ApiOperation({ summary: '修改自己的密码（≥12 位、4 类字符中至少 3 类、不与最近 3 次相同）' })
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto) {
    return this.accounts.changeOwnPassword(actor, dto.currentPassword, dto.newPassword);
  }

  @Post('totp/setup')
  @Access('staff')
  @AllowPending()
  @ApiOperation({ summary: '获取双因素认证（TOTP）密钥与 otpauth:// 地址' })
  startTotp(@CurrentActor() actor: Actor): Promise<TotpSetupResponse> {
    return this.accounts.startTotp(actor);
  }

  @Post('totp/enable')
  @HttpCode(204)
  @Access('staff')
  @AllowPending()
  enableTotp(@CurrentActor() actor: Actor, @Body() dto: TotpCodeDto) {
    return this.accounts.enableTotp(actor, dto.code);
  }
}
