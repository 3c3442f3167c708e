import { create } from 'zustand';

import type { HistoryEntry, Message, RestoreResult } from '../../../shared/types/core';
import { api } from '../bridge';

interface HistoryState {
  entries: HistoryEntry[] | null;
  loading: boolean;
  restoring: string | null;
  last: { id: string; result: RestoreResult } | null;
  error: Message | null;
}

export const useHistory = create<HistoryState>()(() => ({
  entries: null,
  loading: false,
  restoring: null,
  last: null,
  error: null,
}));

const set = useHistory.setState;

export const history = {
  async load(): Promise<void> {
    set({ loading: true, error: null });
    const r = await api().history();
    set(r.ok ? { loading: false, entries: r.value } : { loading: false, error: r.error });
  },

  async restore(id: string): Promise<void> {
    set({ restoring: id, error: null, last: null });
    const r = await api().restore(id);
    set(r.ok ? { restoring: null, last: { id, result: r.value } } : { restoring: null, error: r.error });
    if (r.ok) await history.load();
  },

  dismissError: () => set({ error: null }),
};
