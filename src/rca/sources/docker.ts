// The Docker source as the offline engine reads it: every container's state and the window's container
// events (bundle slots containers, containerEvents).
import { offlineSource } from '../offline-source.js';
import { parseContainerEvents, parseContainers } from '../../core/contracts/docker.js';

export const DOCKER_OFFLINE = offlineSource({
  server: 'docker',
  async gather({ window, bundle, call, cited }) {
    const [containers, events] = await Promise.all([
      call('list_containers', { all: true }),
      call('get_events', { since: window.since, until: window.until }),
    ]);
    bundle.containers = cited(containers, parseContainers);
    bundle.containerEvents = cited(events, parseContainerEvents);
  },
});
