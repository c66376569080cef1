import type { Assignment, Incident } from '../../../contracts/domain.js';
import { StaleWriteError, type AccountRecord, type DurableStorePort, type VehicleRecord } from '../../ports.js';
import { FileTrackArchive, type TrackArchiveLike } from './file-track-archive.js';
import { TrackArchive } from './track-archive.js';

const OPEN = new Set(['accepted', 'dispatched', 'on_scene', 'handled']);

export interface MemoryStoreOptions {
  /** keep the GPS track archive in files in this folder instead of memory (TRACK_ARCHIVE_DIR) */
  trackArchiveDir?: string;
}

/** In-memory durable store. Records are deep-copied in and out so callers cannot mutate stored state. */
export function createMemoryStore(opts: MemoryStoreOptions = {}): DurableStorePort & { tracks: TrackArchiveLike } {
  const incidents = new Map<string, Incident>();
  const assignments = new Map<string, Assignment>();
  const acked = new Map<string, number>();
  const vehicles = new Map<string, VehicleRecord>();
  const accounts = new Map<string, AccountRecord>();
  const tracks: TrackArchiveLike = opts.trackArchiveDir ? new FileTrackArchive(opts.trackArchiveDir) : new TrackArchive();
  return {
    tracks,
    async saveIncident(incident) {
      incidents.set(incident.id, structuredClone(incident));
    },
    async getIncident(id) {
      const i = incidents.get(id);
      return i && structuredClone(i);
    },
    async listIncidents(filter) {
      const all = [...incidents.values()];
      return structuredClone(filter?.open ? all.filter((i) => OPEN.has(i.status)) : all);
    },
    async saveAssignment(a) {
      const prev = assignments.get(a.vehicleId);
      // idempotent and monotonic: an older version never overwrites a newer one
      if (!prev || prev.version <= a.version) assignments.set(a.vehicleId, structuredClone(a));
    },
    async latestAssignments() {
      return structuredClone([...assignments.values()]);
    },
    async saveAck(vehicleId, version) {
      acked.set(vehicleId, Math.max(acked.get(vehicleId) ?? 0, version));
    },
    async acks() {
      return Object.fromEntries(acked);
    },
    async saveVehicles(list) {
      for (const v of list) vehicles.set(v.id, structuredClone(v));
    },
    async listVehicles() {
      return structuredClone([...vehicles.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    },
    async saveAccount(a) {
      const prev = accounts.get(a.username);
      if (prev && prev.sessionVersion > a.sessionVersion) throw new StaleWriteError(`account ${a.username} has session version ${prev.sessionVersion}, not ${a.sessionVersion}`);
      accounts.set(a.username, structuredClone(a));
    },
    async listAccounts() {
      return structuredClone([...accounts.values()].sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0)));
    },
    async deleteAccount(username) {
      if (typeof username !== 'string') throw new TypeError(`username must be a string, got ${typeof username}`);
      accounts.delete(username);
    },
    async appendTrack(fixes) {
      tracks.append(fixes);
    },
    async countTrack(vehicleId) {
      return tracks.count(vehicleId);
    },
    async close() {
      tracks.close?.();
    },
  };
}
