// Transient notices ("Saved") shown in a polite live region by the root layout.

export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
	id: number;
	text: string;
	kind: ToastKind;
}

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;

	show(text: string, kind: ToastKind = 'success', ms = 4000) {
		const id = this.#next++;
		this.items.push({ id, text, kind });
		setTimeout(() => this.dismiss(id), ms);
	}

	dismiss(id: number) {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new Toasts();
