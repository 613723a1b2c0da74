/**
 * Types for the parts of zendesk_app_framework_sdk@2.0.11 we call. The package ships plain CommonJS and no types;
 * only `zaf-client.ts` may import it.
 */
declare module 'zendesk_app_framework_sdk' {
  export interface RawZafClient {
    get(path: string | string[]): Promise<Record<string, unknown> & { errors?: Record<string, unknown> }>;
    set(path: string | Record<string, unknown>, value?: unknown): Promise<unknown>;
    invoke(name: string, ...args: unknown[]): Promise<unknown>;
    on(event: string, handler: (...args: any[]) => unknown, context?: unknown): void;
    off(event: string, handler: (...args: any[]) => unknown): void;
    has(event: string, handler: (...args: any[]) => unknown): boolean;
    trigger(event: string, data?: unknown): void;
    request(options: Record<string, unknown>): Promise<unknown>;
    metadata(): Promise<unknown>;
    context(): Promise<unknown>;
  }
  const ZAFClient: { init(callback?: (context: unknown) => void): RawZafClient | false };
  export default ZAFClient;
}
