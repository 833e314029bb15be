// Spring Cloud Sleuth's trace context after the level: the app is the service and the ids become fields (what
// request_flows follows), whether the fast stamped parser or the general one reads the line.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { sleuthContext } from '../../../src/core/logs/trace-context.js';

const LINES = [
  '2023-01-29 11:04:31.015 ERROR [price,6513270e269e0d37f2a74de452e6b438,1818e811892f902b] 1 --- [nio-8080-exec-1] p.c.PriceController                      : [findPrice][Query failed]',
  '2023-01-29 11:04:31.020  INFO [price,6513270e269e0d37f2a74de452e6b438,1818e811892f902b,true] 1 --- [nio-8080-exec-2] p.s.PriceServiceImpl : [findPrice][Retry]',
  '2023-01-29 11:04:32.000  INFO [price,,] 1 --- [           main] o.s.b.w.e.tomcat.TomcatWebServer         : Tomcat started on port(s): 8080',
];

describe('Sleuth trace context', () => {
  it('reads the app and both ids, and only a bracket of that shape', () => {
    expect(sleuthContext('[price,6513270e269e0d37f2a74de452e6b438,1818e811892f902b] 1 --- x')).toMatchObject({
      service: 'price',
      fields: { trace_id: '6513270e269e0d37f2a74de452e6b438', span_id: '1818e811892f902b' },
    });
    expect(sleuthContext('[price,,] 1 --- x')).toMatchObject({ service: 'price', fields: {} });
    expect(sleuthContext('[nio-8080-exec-1] c.a.Foo - msg')).toBeNull();
    expect(sleuthContext('[a,b,c] msg')).toBeNull();
  });

  it('parses Spring Boot lines with the bracket into the service, the ids as fields and the message', () => {
    const now = Date.parse('2023-01-29T12:00:00Z');
    const parse = parserFor(detectFormat(LINES, now), now);
    const [error, info, boot] = LINES.map((l) => parse(l));
    expect(error).toMatchObject({ level: 'error', service: 'price', message: '[findPrice][Query failed]', fields: { trace_id: '6513270e269e0d37f2a74de452e6b438', span_id: '1818e811892f902b' } });
    expect(info).toMatchObject({ level: 'info', service: 'price', fields: { span_id: '1818e811892f902b' } });
    expect(boot).toMatchObject({ service: 'price', message: 'Tomcat started on port(s): 8080' });
    expect(error!.fields).toMatchObject({ logger: 'p.c.PriceController' });
    // Outside a request the bracket gives no ids: the logger is all the line's head holds.
    expect(boot!.fields).toEqual({ logger: 'o.s.b.w.e.tomcat.TomcatWebServer' });
  });
});
