// e2e tests start real processes and wait for the index; give them room (Jest's default is 5 s).
jest.setTimeout(180_000);
