import { Global, Logger, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        uri: config.MONGODB_URI,
        // Indexes are part of the contract (unique emails, TTLs): build them at start in every environment.
        autoIndex: true,
        serverSelectionTimeoutMS: 10_000,
        connectionFactory: (connection) => {
          connection.on('disconnected', () => new Logger('Database').warn('MongoDB connection lost'));
          return connection;
        },
      }),
    }),
  ],
})
export class DatabaseModule {}
