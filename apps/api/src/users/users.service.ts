import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { User } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { DomainError } from '../common/domain-error';
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hasher';
import { UserDocument, UserRecord } from './user.schema';

const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === DUPLICATE_KEY;
}

export function toUser(document: UserDocument): User {
  return { id: document.id as string, email: document.email, name: document.name };
}

@Injectable()
export class UsersService {
  constructor(@InjectModel(UserRecord.name) private readonly users: Model<UserRecord>) {}

  async create(input: { email: string; name: string; password: string }): Promise<UserDocument> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.users.create({ email: input.email.toLowerCase(), name: input.name, passwordHash });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError('EMAIL_TAKEN', 'An account with this email already exists');
      throw error;
    }
  }

  findById(id: string | Types.ObjectId): Promise<UserDocument | null> {
    return this.users.findById(id).exec();
  }

  findByEmail(email: string): Promise<UserDocument | null> {
    return this.users.findOne({ email: email.toLowerCase() }).exec();
  }

  findByIds(ids: Types.ObjectId[]): Promise<UserDocument[]> {
    return this.users.find({ _id: { $in: ids } }).exec();
  }

  async deleteById(id: Types.ObjectId): Promise<void> {
    await this.users.deleteOne({ _id: id }).exec();
  }

  /** Configuration as code keeps a person's display name as the file says. */
  async rename(id: string, name: string): Promise<void> {
    await this.users.updateOne({ _id: new Types.ObjectId(id) }, { $set: { name } }).exec();
  }

  count(): Promise<number> {
    return this.users.estimatedDocumentCount().exec();
  }

  /** Returns the user only when the password matches; spends the same KDF time when the email is unknown. */
  async verifyCredentials(email: string, password: string): Promise<UserDocument | null> {
    const user = await this.findByEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    return user && matches ? user : null;
  }
}
