import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { CreateFeedbackDto, FeedbackCreated, FeedbackReceiptResponse } from './feedback.dto';
import { FeedbackService } from './feedback.service';

@ApiTags('feedback 好差评与反映问题')
@Access('public')
@Controller('api/v1/feedback')
export class FeedbackPublicController {
  constructor(private readonly service: FeedbackService) {}

  /**
   * A 好差评 rating or a 反映问题 report about a published matter. Anonymous; a phone number is optional and erased
   * after the retention period. Limited per client IP (FEEDBACK_RATE_LIMIT per hour).
   */
  @Post()
  create(@Body() dto: CreateFeedbackDto): Promise<FeedbackCreated> {
    return this.service.create(dto);
  }

  /**
   * Follow one item by the receipt code its submission returned: status and the department's answer. Nothing personal
   * (no comment, no phone); an unknown or malformed code is 404 FEEDBACK_NOT_FOUND.
   */
  @Get(':receipt')
  byReceipt(@Param('receipt') receipt: string): Promise<FeedbackReceiptResponse> {
    return this.service.byReceipt(receipt);
  }
}
