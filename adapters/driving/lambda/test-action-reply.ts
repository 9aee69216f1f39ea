/**
 * What the `test` action pushes back: the AWS WebSocket sample's words, which wscat users know.
 * The text speaks of the deployment ("my Lambda"), so it is the edge's to say: the domain decides
 * that `test` is answered with a pushed message, and is handed the words by the composition.
 */
export const TEST_ACTION_MESSAGE = 'This response was pushed from my Lambda.';
