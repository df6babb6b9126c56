/**
 * The existing S3 suites (written for the embedded server) against RGW, unchanged: every
 * testkit/s3-server.js they import is replaced by ./s3-server.js. Not part of `npm test`; run
 *   npm run jest -- -c testkit/rgw/existing-suites/jest.config.js __tests__/store/s3.test.ts __tests__/sync/
 * (docs/testing-servers.md says what to expect).
 */
import base from '../../../jest.config.js';

export default {
  ...base,
  rootDir: '../../..',
  moduleNameMapper: {
    '^(\\.{1,2}/)+dev/s3-server(\\.js)?$': '<rootDir>/dev/rgw/existing-suites/s3-server.js',
    ...base.moduleNameMapper
  },
  globalSetup: '<rootDir>/dev/rgw/existing-suites/global-setup.js',
  globalTeardown: '<rootDir>/dev/rgw/existing-suites/global-teardown.js'
};
