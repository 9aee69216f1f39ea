/** The optional bridge to Pusher: the same notification reaches the user's signed-in Pusher clients. */
export interface UserEventPublisher {
  publishToUser(userId: string, data: unknown): Promise<void>;
}
