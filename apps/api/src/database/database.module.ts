import { BeforeApplicationShutdown, Global, Logger, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, AppConfig } from '../config/app-config';

let shuttingDown = false;

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        uri: config.MONGODB_URI,
        // Indexes are part of the contract (unique emails, TTLs): build them at start in every environment.
        autoIndex: true,
        // Collections come into being with their first index or document; an explicit `create` at
        // every start only fails ("already exists") on every start after the first.
        autoCreate: false,
        serverSelectionTimeoutMS: 10_000,
        connectionFactory: (connection) => {
          connection.on('disconnected', () => {
            if (!shuttingDown) new Logger('Database').warn('MongoDB connection lost; the driver is reconnecting');
          });
          return connection;
        },
      }),
    }),
  ],
})
export class DatabaseModule implements BeforeApplicationShutdown {
  /** Before any module's shutdown hook closes the connection, so that closing it is not reported as a loss. */
  beforeApplicationShutdown(): void {
    shuttingDown = true;
  }
}
