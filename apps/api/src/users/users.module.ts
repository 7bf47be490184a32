import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UserProfiles } from './user-profiles.service';
import { UserRecord, UserSchema } from './user.schema';
import { UsersService } from './users.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: UserRecord.name, schema: UserSchema }])],
  providers: [UsersService, UserProfiles],
  exports: [UsersService, UserProfiles],
})
export class UsersModule {}
